# Sourced by ./gdsweep and ./run-tests: sets GDSWEEP_JAVA_HOME to a JDK 25 or newer.
# Search order: $JAVA_HOME, the java on $PATH, then /usr/lib/jvm/* (newest first; GDSWEEP_JVM_DIR overrides the folder).
# On failure prints one line to stderr and returns 1.
#
# Every gdsweep command pays for this search, so it starts no process where bash can do the work itself: the release
# file is read with bash's own read, the candidates are tried in order and the later ones (the java on PATH needs a
# readlink) are only looked at when the earlier ones fail. Each process started costs 5-9 ms on the virtual machines
# measured here, and the search took 50-60 ms of every command when it listed all candidates first and read each release
# file with sed in a subshell (BENCHMARKS.md, session 14).

# Sets GDSWEEP_FEATURE to the feature release (e.g. 25) of the JDK at $1, or to nothing.
gdsweep_feature_of() {
  GDSWEEP_FEATURE=
  local home="$1" line v
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 0
  # Every JDK since 9 ships a release file (JAVA_VERSION="25.0.3"): reading it costs nothing, while asking the java
  # binary starts a JVM (0.05-0.1 s per candidate).
  if [ -r "$home/release" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      if [[ $line =~ ^JAVA_VERSION=\"([0-9][0-9.]*) ]]; then
        v=${BASH_REMATCH[1]}
        case "$v" in 1.*) v=${v#1.} ;; esac
        GDSWEEP_FEATURE=${v%%.*}
        return 0
      fi
    done < "$home/release"
  fi
  line=$("$home/bin/java" -XshowSettings:properties -version 2>&1 | grep -m1 'java.specification.version' || true)
  line=${line##*= }
  case "$line" in ''|*[!0-9.]*) return 0 ;; esac
  GDSWEEP_FEATURE=${line%%.*}
}

# True, with GDSWEEP_JAVA_HOME set, if $1 is a JDK 25 or newer.
gdsweep_try_jdk() {
  gdsweep_feature_of "$1"
  [ -n "$GDSWEEP_FEATURE" ] && [ "$GDSWEEP_FEATURE" -ge 25 ] || return 1
  GDSWEEP_JAVA_HOME="$1"
}

gdsweep_find_jdk() {
  local c d best= best_feature=0
  if [ -n "${JAVA_HOME:-}" ] && gdsweep_try_jdk "$JAVA_HOME"; then return 0; fi
  if c=$(command -v java 2>/dev/null) && c=$(readlink -f "$c") && gdsweep_try_jdk "${c%/bin/java}"; then return 0; fi
  # newest first: the highest feature release, and among equals the name that sorts last (as sort -rV would)
  for d in "${GDSWEEP_JVM_DIR:-/usr/lib/jvm}"/*/; do
    c=${d%/}
    gdsweep_feature_of "$c"
    if [ -n "$GDSWEEP_FEATURE" ] && [ "$GDSWEEP_FEATURE" -ge 25 ] && [ "$GDSWEEP_FEATURE" -ge "$best_feature" ]; then
      best=$c
      best_feature=$GDSWEEP_FEATURE
    fi
  done
  if [ -n "$best" ]; then
    GDSWEEP_JAVA_HOME="$best"
    return 0
  fi
  echo "gdsweep: no JDK 25+ found (looked at \$JAVA_HOME, java on PATH, /usr/lib/jvm/*); install one, e.g. Temurin 25, or set JAVA_HOME" >&2
  return 1
}
