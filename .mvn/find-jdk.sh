# Sourced by ./mvnw (POSIX sh, globbing off): when JAVA_HOME is unset and the default `java` is
# older than 21, use a JDK 21 or newer installed beside it, so that the README's commands work as they stand.
routstr_java_ok() {
  "$1" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'
}
if [ -z "${JAVA_HOME-}" ] && ! { command -v java >/dev/null 2>&1 && routstr_java_ok java; }; then
  routstr_found=""
  if [ -x /usr/libexec/java_home ]; then
    routstr_found="$(/usr/libexec/java_home -v 21+ 2>/dev/null || true)"
  fi
  if [ -z "$routstr_found" ]; then
    # `ls` rather than a glob: ./mvnw runs with globbing off.
    for routstr_dir in $(for routstr_root in /usr/lib/jvm /usr/java /opt/java; do
      ls "$routstr_root" 2>/dev/null | sed "s|^|$routstr_root/|"
    done | sort -r); do
      if [ -x "$routstr_dir/bin/java" ] && [ -x "$routstr_dir/bin/javac" ] && routstr_java_ok "$routstr_dir/bin/java"; then
        routstr_found="$routstr_dir"
        break
      fi
    done
  fi
  if [ -n "$routstr_found" ]; then
    JAVA_HOME="$routstr_found"
    PATH="$JAVA_HOME/bin:$PATH"
    export JAVA_HOME PATH
  else
    echo "This project needs a JDK 21 or newer, and none was found (default java: $(java -version 2>&1 | head -1))." >&2
    echo "Install one (for example Debian's openjdk-21-jdk or Temurin 21+) or set JAVA_HOME to it." >&2
    exit 1
  fi
fi
