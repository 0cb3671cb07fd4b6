#!/bin/sh
# platform.no_posix_outside: everything that differs between POSIX and Windows lives in
# engine/platform/ (docs/windows.md, "The platform layer"). This fails, naming file and line, when
# a file elsewhere in engine/ includes a POSIX or Windows header, calls a POSIX-only function,
# reads /proc, or branches on the system with the preprocessor.
# Usage: no_posix_outside.sh ENGINE_DIR
set -u
engine=${1:?usage: no_posix_outside.sh ENGINE_DIR}
[ -d "$engine/platform" ] || { echo "no platform/ folder in $engine" >&2; exit 2; }

# System headers of POSIX or Windows (the C and C++ standard headers are everyone's).
headers='^[[:space:]]*#[[:space:]]*include[[:space:]]*<(unistd\.h|fcntl\.h|termios\.h|signal\.h|csignal|pthread\.h|dirent\.h|pwd\.h|grp\.h|netdb\.h|poll\.h|dlfcn\.h|spawn\.h|syslog\.h|sys/[^>]*|arpa/[^>]*|netinet/[^>]*|mach-o/[^>]*|windows\.h|winsock2?\.h|ws2tcpip\.h|wincrypt\.h|shellapi\.h|shlobj\.h|io\.h|direct\.h|process\.h)>'
# Branching on the system: the platform layer's headers say what differs (platform::kSystem).
system='^[[:space:]]*#[[:space:]]*(if|ifdef|ifndef|elif)\b.*\b(_WIN32|_WIN64|__APPLE__|__linux__|__unix__|_MSC_VER|__MINGW32__|__MINGW64__)\b'
# POSIX-only functions, called bare or as std::/:: (a member of the same name, x.f() or x->f(), is not one).
unique='(^|[^A-Za-z0-9_.>])(fsync|fdatasync|lstat|fstat|unlink|symlink|readlink|chmod|fchmod|umask|mkdtemp|mkstemp|realpath|gmtime_r|localtime_r|getenv|setenv|unsetenv|putenv|isatty|fileno|sigwait|sigaction|sigprocmask|pthread_[a-z_]+|tcgetattr|tcsetattr|gethostname|getpid|getuid|fork|execv[a-z]*|execl[a-z]*|waitpid|popen|pclose|memmem|_NSGetExecutablePath|GetModuleFileName[AW]?)[[:space:]]*\('
# Names every program has a function of (open, read, ...): the POSIX ones written as ::name(.
global='(^|[^A-Za-z0-9_:])::(open|close|read|write|stat|rename|link|access|shutdown|socket|select|poll|pipe|dup2?|kill|signal)[[:space:]]*\('
# /proc, and the POSIX constants and types.
names='"/proc/|\b(STDIN_FILENO|STDOUT_FILENO|STDERR_FILENO|SIGPIPE|SIGINT|SIGTERM|O_CREAT|O_RDONLY|O_WRONLY|O_CLOEXEC|SHUT_RDWR|S_IRUSR|S_IWUSR|mode_t|ssize_t|sigset_t)\b'

found=$(find "$engine" -path "$engine/platform" -prune -o -type f \( -name '*.cpp' -o -name '*.h' -o -name '*.c' -o -name '*.hpp' \) -print |
    LC_ALL=C sort | while read -r file; do
        # Comment lines (//, ///, /*, *) may name what they like.
        grep -nE "$headers|$system|$unique|$global|$names" "$file" | grep -vE '^[0-9]+:[[:space:]]*(//|/\*|\*)' | sed "s|^|$file:|"
    done)
if [ -n "$found" ]; then
    echo "POSIX or Windows specifics outside $engine/platform/ (put them behind engine/platform/*.h):"
    echo "$found"
    exit 1
fi
echo "$engine: nothing POSIX- or Windows-specific outside platform/"
