# Sourced by ./gdsweep and ./run-tests: sets GDSWEEP_JAVA_HOME to a JDK 25 or newer.
# Search order: $JAVA_HOME, the java on $PATH, then /usr/lib/jvm/* (newest first; GDSWEEP_JVM_DIR overrides the folder).
# On failure prints one line to stderr and returns 1.

gdsweep_java_feature() { # prints the feature release (e.g. 25) of the JDK at $1, or nothing
  local home="$1" line
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 0
  # Every JDK since 9 ships a release file (JAVA_VERSION="25.0.3"): reading it costs nothing, while asking the java
  # binary starts a JVM (0.05-0.1 s per candidate, paid on every gdsweep command).
  if [ -r "$home/release" ]; then
    line=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9.]*\).*/\1/p' "$home/release")
    case "$line" in 1.*) line=${line#1.} ;; esac
    if [ -n "$line" ]; then echo "${line%%.*}"; return 0; fi
  fi
  line=$("$home/bin/java" -XshowSettings:properties -version 2>&1 | grep -m1 'java.specification.version' || true)
  line=${line##*= }
  case "$line" in ''|*[!0-9.]*) return 0 ;; esac
  echo "${line%%.*}"
}

gdsweep_find_jdk() {
  local candidates=() c v
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    c=$(readlink -f "$(command -v java)")
    candidates+=("${c%/bin/java}")
  fi
  for c in $(ls -d "${GDSWEEP_JVM_DIR:-/usr/lib/jvm}"/*/ 2>/dev/null | sort -rV); do candidates+=("${c%/}"); done
  for c in "${candidates[@]}"; do
    v=$(gdsweep_java_feature "$c")
    if [ -n "$v" ] && [ "$v" -ge 25 ]; then
      GDSWEEP_JAVA_HOME="$c"
      return 0
    fi
  done
  echo "gdsweep: no JDK 25+ found (looked at \$JAVA_HOME, java on PATH, /usr/lib/jvm/*); install one, e.g. Temurin 25, or set JAVA_HOME" >&2
  return 1
}
