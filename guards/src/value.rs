//! Terms as policy specifications see them.

/// An Erlang term, reduced to what a policy specification can contain.
/// The VM builds it from a heap term; [`crate::file::parse`] builds it
/// from a policy file.
#[derive(Clone, PartialEq, Debug)]
pub enum Value<A> {
    Atom(A),
    Integer(i64),
    List(Vec<Value<A>>),
    Tuple(Vec<Value<A>>),
    /// A map's key-value pairs, in any order.
    Map(Vec<(Value<A>, Value<A>)>),
    /// Any other term, kept as printed text for error messages.
    Other(String),
}

impl<A> Value<A> {
    /// Converts every atom with `f`, stopping at the first error.
    pub fn try_map_atoms<B, E>(
        &self,
        f: &mut impl FnMut(&A) -> Result<B, E>,
    ) -> Result<Value<B>, E> {
        Ok(match self {
            Value::Atom(a) => Value::Atom(f(a)?),
            Value::Integer(i) => Value::Integer(*i),
            Value::List(items) => Value::List(map_all(items, f)?),
            Value::Tuple(items) => Value::Tuple(map_all(items, f)?),
            Value::Map(pairs) => {
                let mut out = Vec::with_capacity(pairs.len());
                for (k, v) in pairs {
                    out.push((k.try_map_atoms(f)?, v.try_map_atoms(f)?));
                }
                Value::Map(out)
            }
            Value::Other(text) => Value::Other(text.clone()),
        })
    }
}

fn map_all<A, B, E>(
    items: &[Value<A>],
    f: &mut impl FnMut(&A) -> Result<B, E>,
) -> Result<Vec<Value<B>>, E> {
    items.iter().map(|v| v.try_map_atoms(f)).collect()
}

impl<A: crate::AtomName> std::fmt::Display for Value<A> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Atom(a) => f.write_str(&crate::file::quote_atom(a.name())),
            Value::Integer(i) => write!(f, "{i}"),
            Value::List(items) => {
                f.write_str("[")?;
                write_items(f, items)?;
                f.write_str("]")
            }
            Value::Tuple(items) => {
                f.write_str("{")?;
                write_items(f, items)?;
                f.write_str("}")
            }
            Value::Map(pairs) => {
                f.write_str("#{")?;
                for (i, (k, v)) in pairs.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write!(f, "{k} => {v}")?;
                }
                f.write_str("}")
            }
            Value::Other(text) => f.write_str(text),
        }
    }
}

fn write_items<A: crate::AtomName>(
    f: &mut std::fmt::Formatter<'_>,
    items: &[Value<A>],
) -> std::fmt::Result {
    for (i, v) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(",")?;
        }
        write!(f, "{v}")?;
    }
    Ok(())
}
