//! Per-process call policies: the flags byte and the layered policy checks
//! that the VM consults before external calls, applies and spawns.
