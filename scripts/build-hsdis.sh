#!/usr/bin/env bash
# Builds target/hsdis/hsdis-amd64.so, the disassembler plugin HotSpot loads for -XX:+PrintAssembly and JMH's
# -prof perfasm, on top of the Capstone library (Debian: libcapstone-dev, installed here when missing and root).
# The JDK ships no disassembler and Debian's libhsdis0-fcml does not load into JDK 25. The plugin below is a
# minimal implementation of HotSpot's hsdis protocol (decode_instructions_virtual), x86-64 only.
#
# Use: LD_LIBRARY_PATH=target/hsdis java -XX:+UnlockDiagnosticVMOptions -XX:+PrintAssembly ...
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/target/hsdis"
if [ ! -f /usr/include/capstone/capstone.h ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get install -y -q libcapstone-dev >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q libcapstone-dev >/dev/null; }
  else
    echo "build-hsdis: needs libcapstone-dev (apt-get install libcapstone-dev)" >&2
    exit 2
  fi
fi
mkdir -p "$OUT"
cat > "$OUT/hsdis-capstone.c" <<'C'
#include <stdint.h>
#include <string.h>
#include <capstone/capstone.h>

typedef void *(*event_fn)(void *stream, const char *event, void *arg);
typedef int (*printf_fn)(void *stream, const char *format, ...);

/* HotSpot calls this for each code blob: print one instruction per line, bracketed by insn events. */
void *decode_instructions_virtual(uintptr_t start_va, uintptr_t end_va, unsigned char *buffer, uintptr_t length,
                                  event_fn event, void *event_stream, printf_fn print, void *print_stream,
                                  const char *options, int newline) {
  csh cs;
  cs_insn *insn;
  (void) end_va;
  if (print == NULL || cs_open(CS_ARCH_X86, CS_MODE_64, &cs) != CS_ERR_OK) return NULL;
  cs_option(cs, CS_OPT_SYNTAX, options != NULL && strstr(options, "intel") != NULL ? CS_OPT_SYNTAX_INTEL : CS_OPT_SYNTAX_ATT);
  cs_option(cs, CS_OPT_SKIPDATA, CS_OPT_ON);
  size_t n = cs_disasm(cs, buffer, length, start_va, 0, &insn);
  for (size_t i = 0; i < n; i++) {
    if (event != NULL) event(event_stream, "insn", (void *) (uintptr_t) insn[i].address);
    print(print_stream, "%s\t%s", insn[i].mnemonic, insn[i].op_str);
    if (event != NULL) event(event_stream, "/insn", (void *) (uintptr_t) (insn[i].address + insn[i].size));
    if (newline) print(print_stream, "\n");
  }
  if (n > 0) cs_free(insn, n);
  cs_close(&cs);
  return (void *) (start_va + length);
}
C
gcc -O2 -shared -fPIC -o "$OUT/hsdis-amd64.so" "$OUT/hsdis-capstone.c" -lcapstone
echo "built $OUT/hsdis-amd64.so"
