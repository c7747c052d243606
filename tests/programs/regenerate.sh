#!/bin/sh
# Recompiles the differential test programs and re-records erl's output.
#
# For each tests/programs/NAME.erl this writes ebin/NAME.beam (compiled with
# +deterministic, so a recompile is byte-identical) and runs
#   erl -noshell -kernel logger LOGGER -pa ebin -run NAME main -s init stop
# recording its standard output in expected/NAME.stdout and its exit status
# in expected/NAME.status. Run it with Erlang/OTP 25's erl and erlc on PATH.
#
# LOGGER sends erl's log reports (a crashed process, a supervisor restarting
# a child) to standard error, where Cordon writes them; they hold times and
# pids, so they are not recorded. A program with a file NAME.stdin reads it
# as standard input; the others get /dev/null.
#
# When the entry function fails, erl also writes a line of its own,
# {"init terminating in do_boot",Reason}, to standard output before it
# halts. Cordon reports such failures on standard error, so this script
# leaves that line out of the recorded output. tests/differential.rs drops
# it in the same way when it compares the recording with a fresh erl run.
set -eu

cd "$(dirname "$0")"

for tool in erl erlc perl; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "regenerate.sh: $tool not found on PATH" >&2
        exit 1
    fi
done

release=$(erl -noshell -eval 'io:put_chars(erlang:system_info(otp_release)), halt().')
if [ "$release" != "25" ]; then
    echo "regenerate.sh: warning: erl is OTP $release, but the programs are recorded with OTP 25" >&2
fi

mkdir -p ebin expected
rm -f ebin/*.beam expected/*.stdout expected/*.status
erlc +deterministic -o ebin ./*.erl

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

logger='[{handler,default,logger_std_h,#{config=>#{type=>standard_error}}}]'

failed=0
for src in ./*.erl; do
    name=$(basename "$src" .erl)
    status=0
    input=/dev/null
    if [ -f "$name.stdin" ]; then
        input="$name.stdin"
    fi
    # ERL_CRASH_DUMP_SECONDS=0 keeps a failing program from writing
    # erl_crash.dump into the current directory.
    ERL_CRASH_DUMP_SECONDS=0 timeout 60 \
        erl -noshell -kernel logger "$logger" -pa ebin -run "$name" main -s init stop \
        <"$input" >"$tmp/stdout" 2>"$tmp/stderr" || status=$?
    perl -ne 'print unless /^\{"init terminating in do_boot",/' \
        "$tmp/stdout" >"expected/$name.stdout"
    echo "$status" >"expected/$name.status"
    if [ "$status" -eq 124 ]; then
        echo "regenerate.sh: $name timed out after 60 s; make it finish within 2 s" >&2
        failed=1
    elif [ "$status" -ne 0 ] && ! grep -q 'init terminating in do_boot' "$tmp/stderr"; then
        # erl itself failed, not the program's entry function.
        echo "regenerate.sh: $name: erl exited with status $status:" >&2
        cat "$tmp/stderr" >&2
        failed=1
    elif [ "$status" -ne 0 ] && ! grep -q '^{"init terminating in do_boot",' "$tmp/stdout"; then
        echo "regenerate.sh: $name: erl's crash report is missing from standard output, so the output may be incomplete" >&2
        failed=1
    fi
    # A crash report glued to the program's own output means the recording
    # depends on timing and would not be reproducible.
    if grep -q 'init terminating in do_boot' "expected/$name.stdout"; then
        echo "regenerate.sh: $name: erl's crash report is mixed into the program output" >&2
        failed=1
    fi
    echo "$name: status $status"
done

exit "$failed"
