#!/usr/bin/env bash
# Cross-builds Impact's libraries for 64-bit Windows (MinGW-w64, static) from Debian bookworm's own
# source packages, with Debian's patches, so the Windows program writes the same bytes as the Linux
# one (same libharu, libxlsxwriter, zlib ...). docs/windows.md has the whole Windows build.
#
# Usage: scripts/windows/deps.sh                 install tools, build (or reuse) the libraries
#        scripts/windows/deps.sh --print-prefix  only print where they are (or will be); installs the
#                                                tools and deb-src if missing, builds nothing
#        scripts/windows/deps.sh --no-install    build without apt-get install (tools already there)
# The prefix is $IMPACT_WINDOWS_DEPS (default ~/.cache/impact/windows-deps)/<key>, <key> a hash of this
# script, cmake/mingw-w64.cmake, the cross toolchain's and the sources' versions: a second run with
# the same ones builds nothing. The prefix is the last line of stdout (everything else goes to
# stderr) and is also written to $IMPACT_WINDOWS_DEPS/prefix.txt.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
toolchain="$repo/cmake/mingw-w64.cmake"
cache_root="${IMPACT_WINDOWS_DEPS:-$HOME/.cache/impact/windows-deps}"
triplet=x86_64-w64-mingw32
sysroot=/usr/$triplet
jobs=$(nproc)

mode=build
install=1
for arg in "$@"; do
  case "$arg" in
    --print-prefix) mode=print ;;
    --no-install) install=0 ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "deps.sh: unknown argument $arg" >&2; exit 2 ;;
  esac
done

say() { echo "deps.sh: $*" >&2; }
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive

# Debian source packages, in build order (zlib is Debian's MinGW build, libz-mingw-w64-dev).
sources=(expat libpng1.6 openssl libxlsxwriter libharu harfbuzz googletest pcre3 poco utf8proc)
tool_packages=(g++-mingw-w64-x86-64-posix gcc-mingw-w64-x86-64-posix libz-mingw-w64-dev
               wine wine64 dpkg-dev nsis cmake make pkg-config xz-utils)

# ---- tools -------------------------------------------------------------------------------------
apt_updated=0
apt_update() { $SUDO apt-get update -qq; apt_updated=1; }

install_tools() {
  local missing=() p
  for p in "${tool_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
  done
  # Installed already (a cached run): no apt-get at all, it is what keeps the rerun to seconds.
  if ((${#missing[@]})); then
    say "installing ${missing[*]}"
    apt_update
    $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# ---- deb-src ------------------------------------------------------------------------------------
debsrc_file=/etc/apt/sources.list.d/impact-deb-src.sources

# deb822 deb-src stanzas mirroring the machine's bookworm deb sources (same URIs, suites,
# components, keyring), from deb822 .sources files and from one-line sources.list entries.
debsrc_stanzas() {
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f $f && $f != "$debsrc_file" ]] || continue
    awk '
      function flush() {
        if (types ~ /(^| )deb( |$)/ && types !~ /deb-src/ && suites ~ /bookworm/ && enabled !~ /^[Nn]o/) {
          print "Types: deb-src"; printf "%s", body; print ""
        }
        types = ""; suites = ""; body = ""; enabled = ""
      }
      /^[ \t]*#/ { next }
      /^[ \t]*$/ { flush(); next }
      /^Types:/ { sub(/^Types:[ \t]*/, ""); types = $0; next }
      /^Enabled:/ { enabled = $2 }
      /^Suites:/ { suites = $0 }
      { body = body $0 "\n" }
      END { flush() }' "$f"
  done
  { cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null || true; } | awk '
    $1 == "deb" {
      signed = ""; i = 2
      if ($2 ~ /^\[/) {
        while (i <= NF) {
          if ($i ~ /signed-by=/) { signed = $i; sub(/.*signed-by=/, "", signed); sub(/\]$/, "", signed) }
          if ($i ~ /\]$/) { i++; break }
          i++
        }
      }
      if ($(i+1) !~ /bookworm/) next
      comps = ""; for (j = i + 2; j <= NF; j++) comps = comps (comps ? " " : "") $j
      print "Types: deb-src"; print "URIs: " $i; print "Suites: " $(i+1); print "Components: " comps
      if (signed) print "Signed-By: " signed
      print ""
    }'
}

# Somebody else's deb-src for bookworm (uncommented): then ours would only duplicate it.
other_debsrc() {
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [[ -f $f && $f != "$debsrc_file" ]] || continue
    grep -qE '^[[:space:]]*(Types:.*deb-src|deb-src[[:space:]].*bookworm)' "$f" && return 0
  done
  return 1
}

ensure_debsrc() {
  if other_debsrc; then
    [[ -f $debsrc_file ]] && { say "removing $debsrc_file (deb-src already configured)"; $SUDO rm -f "$debsrc_file"; apt_update; }
  else
    local want
    want="# Written by Impact's scripts/windows/deps.sh: Debian's sources of the Windows libraries.
$(debsrc_stanzas)"
    if [[ ! -f $debsrc_file ]] || [[ "$(cat "$debsrc_file")" != "$want" ]]; then
      [[ $want == *"Types: deb-src"* ]] || { say "no bookworm deb source in /etc/apt to mirror"; exit 1; }
      say "adding deb-src sources ($debsrc_file)"
      printf '%s\n' "$want" | $SUDO tee "$debsrc_file" >/dev/null
      apt_update
    fi
  fi
  # The Sources indexes are missing (sources added, never updated): fetch them once.
  if ! compgen -G '/var/lib/apt/lists/*_Sources*' >/dev/null; then apt_update; fi
}

# ---- versions and the cache key -----------------------------------------------------------------
# "name version" per source package as `apt-get source -t bookworm` would fetch it. The point
# release's (-t bookworm): the newest security .dsc files were not served (see the notes).
declare -A dsc_of=()
versions=""
source_versions() {   # fills dsc_of and versions (no subshell: the caller needs both)
  local s dsc
  versions=""
  for s in "${sources[@]}"; do
    dsc=$(apt-get source -t bookworm --print-uris "$s" 2>/dev/null | awk '$2 ~ /\.dsc$/ {print $2; exit}') || true
    [[ -n $dsc ]] || { say "apt-get source cannot see $s: are the deb-src indexes there (apt-get update)?"; return 1; }
    dsc_of[$s]=$dsc
    versions+="$s ${dsc%.dsc}"$'\n'
  done
  # The Debian-built parts: the compiler, the MinGW runtime headers, zlib.
  versions+=$(dpkg-query -W g++-mingw-w64-x86-64-posix mingw-w64-x86-64-dev libz-mingw-w64-dev)
}

compute_key() {
  source_versions || exit 1
  key=$({ cat "$0" "$toolchain"; echo "$versions"; } | sha256sum | cut -c1-16)
  prefix="$cache_root/$key"
}

# ---- main ---------------------------------------------------------------------------------------
# --print-prefix sets up the same (tools, deb-src) so that it answers on a fresh machine too, and the
# prefix it prints is the one a build uses.
start=$SECONDS
[[ $install == 1 ]] && install_tools
ensure_debsrc
compute_key
if [[ $mode == print ]]; then echo "$prefix"; exit 0; fi

mkdir -p "$cache_root"
finish() { echo "$prefix" > "$cache_root/prefix.txt"; echo "$prefix"; exit 0; }
if [[ -f $prefix/.complete ]]; then
  say "cached: the libraries for key $key are built already, nothing to do ($((SECONDS - start)) s)"
  finish
fi

# One builder at a time per cache (two CI jobs on one machine would clobber each other).
exec 9>"$cache_root/.lock"
flock 9
[[ -f $prefix/.complete ]] && finish   # built by the run we waited for
# Unfinished builds of other keys (an older script, older versions) are dead weight: the lock says
# none is running.
for d in "$cache_root"/*/ "$cache_root"/work-*/; do
  d=${d%/}
  [[ -d $d && $d != "$prefix" && $d != "$cache_root/work-$key" && $d != "$cache_root/sources" ]] || continue
  [[ -f $d/.complete ]] && continue
  say "removing the unfinished $d"; rm -rf "$d"
done

downloads="$cache_root/sources"   # kept across keys: a script change does not download again
mkdir -p "$downloads"
# Every source first: apt-get skips files it has with the right checksum. A version the mirror no
# longer serves (indexes gone stale) shows here, before any build: then the indexes are refreshed
# once and the key worked out again.
fetch_all() {
  local s ok=0
  : > "$cache_root/fetch.log"
  for s in "${sources[@]}"; do
    (cd "$downloads" && apt-get source -t bookworm --download-only "$s" >>"$cache_root/fetch.log" 2>&1) || true
    if ! all_files_of "${dsc_of[$s]}"; then
      # libharu's .debian.tar.xz is served for no version (the notes): its .dsc and .orig do.
      [[ $s == libharu && -f $downloads/${dsc_of[$s]} ]] && orig_of libharu >/dev/null && continue
      say "could not download the source of $s"; ok=1
    fi
  done
  return $ok
}
all_files_of() {   # every file a .dsc lists is in $downloads
  local f
  [[ -f $downloads/$1 ]] || return 1
  for f in $(awk '/^Files:/ {f=1; next} /^[^ ]/ {f=0} f {print $3}' "$downloads/$1"); do
    [[ -f $downloads/$f ]] || return 1
  done
}
orig_of() {   # the .orig tarball of a source package, downloaded and matching its .dsc's checksum
  local dsc=${dsc_of[$1]} orig
  orig=$(awk '/^Checksums-Sha256:/ {f=1; next} /^[^ ]/ {f=0} f && $3 ~ /orig\.tar\.[a-z0-9]+$/ {print $3; exit}' "$downloads/$dsc")
  [[ -n $orig && -f $downloads/$orig ]] || return 1
  (cd "$downloads" && awk -v o="$orig" '/^Checksums-Sha256:/ {f=1; next} /^[^ ]/ {f=0} f && $3 == o {print $1 "  " $3}' "$dsc" |
    sha256sum -c --quiet >/dev/null 2>&1) || return 1
  echo "$orig"
}
if ! fetch_all; then
  say "refreshing apt's indexes and trying again"
  apt_update
  compute_key
  [[ -f $prefix/.complete ]] && finish
  fetch_all || { tail -n 20 "$cache_root/fetch.log" >&2; exit 1; }
fi

say "building into $prefix"
work="$cache_root/work-$key"      # scratch, outside the clone; removed on success
logs="$work/logs"
mkdir -p "$prefix/lib/pkgconfig" "$prefix/include" "$logs" "$prefix/.stamps"
printf '%s\n' "$versions" > "$prefix/versions.txt"

export WINEDEBUG=-all   # nothing here runs Wine, but a stray configure check must not make ~/.wine
export WINEPREFIX="${WINEPREFIX:-$HOME/.cache/impact/wineprefix}"
export PKG_CONFIG_LIBDIR="$prefix/lib/pkgconfig" PKG_CONFIG_PATH=""

# Runs "$@" with its output in $logs/$lib.log; on failure shows the log's end and stops.
current_lib=""
run() {
  if ! "$@" >>"$logs/$current_lib.log" 2>&1; then
    say "FAILED building $current_lib: $*"
    say "last lines of $logs/$current_lib.log:"
    tail -n 40 "$logs/$current_lib.log" >&2
    exit 1
  fi
}

# Unpacks a Debian source package (dpkg-source applies Debian's patches) into $work/src/$1; prints
# the source folder.
unpack() {
  local s=$1 dir="$work/src/$1" orig
  rm -rf "$dir"
  mkdir -p "$work/src"
  if all_files_of "${dsc_of[$s]}"; then
    run dpkg-source --no-check -x "$downloads/${dsc_of[$s]}" "$dir"
  else
    # libharu: the .orig (checked against the .dsc) and Debian's one change redone by build_libharu.
    orig=$(orig_of "$s") || { say "$s: source missing or corrupt in $downloads"; exit 1; }
    mkdir -p "$dir"
    run tar -xf "$downloads/$orig" -C "$dir" --strip-components=1
  fi
  echo "$dir"
}

# CMake options every CMake-built library gets: our toolchain file, static, installed into $prefix,
# Debian's MinGW zlib (its static library, not its import library).
cmake_common=(
  -DCMAKE_TOOLCHAIN_FILE="$toolchain"
  -DIMPACT_WINDOWS_DEPS_PREFIX="$prefix"
  -DCMAKE_INSTALL_PREFIX="$prefix"
  -DCMAKE_INSTALL_LIBDIR=lib
  -DCMAKE_BUILD_TYPE=Release
  -DBUILD_SHARED_LIBS=OFF
  -DZLIB_LIBRARY="$sysroot/lib/libz.a"
  -DZLIB_INCLUDE_DIR="$sysroot/include"
  -DCMAKE_POLICY_DEFAULT_CMP0074=NEW
  -Wno-dev
)
cmake_build() {   # cmake_build SRC [options...]: configure, build, install
  local src=$1; shift
  local b="$work/build/$current_lib"
  rm -rf "$b"
  run cmake -S "$src" -B "$b" "${cmake_common[@]}" "$@"
  run cmake --build "$b" -j"$jobs"
  run cmake --install "$b"
}

# Each library once per key: a stamp, so a failed run resumes at the library that failed.
step() {
  current_lib=$1
  if [[ -f $prefix/.stamps/$1 ]]; then say "$1: built already"; return; fi
  local t=$SECONDS
  : > "$logs/$1.log"
  say "$1 ..."
  "build_$1"
  touch "$prefix/.stamps/$1"
  say "$1 done ($((SECONDS - t)) s)"
}

build_zlib() {
  # Debian's MinGW zlib: its static library and header, and a .pc of our own (PKG_CONFIG_LIBDIR is
  # only the prefix) naming the static library, for xlsxwriter.pc and libpng.pc's Requires.
  cat > "$prefix/lib/pkgconfig/zlib.pc" <<EOF
libdir=$sysroot/lib
includedir=$sysroot/include

Name: zlib
Description: zlib compression library (Debian's libz-mingw-w64-dev)
Version: $(dpkg-query -W -f='${Version}' libz-mingw-w64-dev | sed 's/[+-].*//')
Libs: \${libdir}/libz.a
Cflags: -I\${includedir}
EOF
}

build_expat() {
  local src
  src=$(unpack expat)
  [[ -f $src/CMakeLists.txt ]] || src="$src/expat"
  # Debian's CVE patches test "#if XML_DTD == 1"; the CMake template's bare "#define XML_DTD"
  # breaks that test: give it the value 1.
  sed -i -E 's/^#cmakedefine (XML_DTD|XML_NS)$/#cmakedefine \1 1/' "$src/expat_config.h.cmake"
  cmake_build "$src" -DEXPAT_SHARED_LIBS=OFF -DEXPAT_BUILD_TOOLS=OFF -DEXPAT_BUILD_EXAMPLES=OFF \
    -DEXPAT_BUILD_TESTS=OFF -DEXPAT_BUILD_DOCS=OFF -DEXPAT_BUILD_FUZZERS=OFF -DEXPAT_BUILD_PKGCONFIG=ON
}

build_libpng() {
  local src
  src=$(unpack libpng1.6)
  cmake_build "$src" -DPNG_SHARED=OFF -DPNG_STATIC=ON -DPNG_TESTS=OFF -DPNG_EXECUTABLES=OFF \
    -DPNG_BUILD_ZLIB=OFF -DSKIP_INSTALL_PROGRAMS=ON -DSKIP_INSTALL_FILES=OFF
}

build_libxlsxwriter() {
  local src
  src=$(unpack libxlsxwriter)
  # The bundled minizip: Debian links zlib's contrib/minizip instead, the same code but for
  # casts and comments, writing the same bytes (checked by a diff of the two).
  # OpenSSL's MD5, as Debian builds it (debian/rules: -DUSE_OPENSSL_MD5=ON): the bundled md5.c
  # defines MD5_Init/MD5_Update/MD5_Final too, with another MD5_CTX, and a static impact.exe that
  # also links libcrypto (SMTP over TLS, serve's certificate) would have two of each.
  cmake_build "$src" -DUSE_SYSTEM_MINIZIP=OFF -DBUILD_TESTS=OFF -DBUILD_EXAMPLES=OFF \
    -DUSE_OPENSSL_MD5=ON -DOPENSSL_ROOT_DIR="$prefix" -DOPENSSL_USE_STATIC_LIBS=TRUE
  # The engine finds it with pkg-config. The .pc libxlsxwriter's CMake installs says "Version: 4"
  # and names neither libcrypto nor zlib's static library: ours replaces it. "Requires", not
  # ".private": every library here is static, and CMake's pkg_check_modules links only Requires.
  cat > "$prefix/lib/pkgconfig/xlsxwriter.pc" <<EOF
prefix=$prefix
libdir=\${prefix}/lib
includedir=\${prefix}/include

Name: xlsxwriter
Description: A C library for creating Excel XLSX files
Version: $(sed -n 's/.*LXW_VERSION "\(.*\)".*/\1/p' "$src/include/xlsxwriter.h")
Requires: zlib libcrypto
Libs: -L\${libdir} -lxlsxwriter
Cflags: -I\${includedir}
EOF
}

build_libharu() {
  local src
  src=$(unpack libharu)
  # Debian's fix-version.diff: the library reports "2.3.0", not the header's stale "2.3.0RC2".
  # It matters: the engine puts HPDF_GetVersion() in each PDF's Producer.
  sed -i -e 's/^#define HPDF_EXTRA_VERSION "RC2"/#define HPDF_EXTRA_VERSION ""/' \
         -e 's/^#define HPDF_VERSION_TEXT "2.3.0RC2"/#define HPDF_VERSION_TEXT "2.3.0"/' "$src/include/hpdf_version.h"
  grep -q '^#define HPDF_VERSION_TEXT "2.3.0"$' "$src/include/hpdf_version.h" \
    || { say "libharu: hpdf_version.h not as expected"; exit 1; }
  cmake_build "$src" -DLIBHPDF_SHARED=OFF -DLIBHPDF_STATIC=ON -DLIBHPDF_EXAMPLES=OFF -DDEVPAK=OFF
  # Its install also drops README, CHANGES and INSTALL at the prefix's top.
  rm -f "$prefix/README" "$prefix/CHANGES" "$prefix/INSTALL"
  # With libpng and zlib or not at all: a libharu without them silently lacks PNG images.
  grep -q 'define LIBHPDF_HAVE_LIBPNG' "$prefix/include/hpdf_config.h" && grep -q 'define LIBHPDF_HAVE_LIBZ' "$prefix/include/hpdf_config.h" \
    || { say "libharu was configured without libpng or zlib"; exit 1; }
}

build_harfbuzz() {
  local src b h
  src=$(unpack harfbuzz)
  # The core and the subsetter (engine/pdf embeds subsets of the report fonts) as one static library,
  # from upstream's amalgamated src/harfbuzz-subset.cc (one translation unit holds both): upstream's
  # CMake build makes two static libraries that both hold hb-static.cc, and a static link of the two
  # defines its objects twice. No optional backend (FreeType, GLib, ICU, Uniscribe ...); compiled
  # as upstream compiles it (no exceptions, no RTTI, its own thread-safe statics).
  b="$work/build/harfbuzz"
  rm -rf "$b" && mkdir -p "$b" "$prefix/include/harfbuzz"
  run "$triplet-g++-posix" -std=c++11 -O2 -DNDEBUG -D__USE_MINGW_ANSI_STDIO=1 -fno-exceptions -fno-rtti \
    -fno-threadsafe-statics -c "$src/src/harfbuzz-subset.cc" -o "$b/harfbuzz-subset.o"
  run "$triplet-ar" rcs "$prefix/lib/libharfbuzz-subset.a" "$b/harfbuzz-subset.o"
  # Its public headers, less the optional backends'.
  for h in "$src"/src/hb.h "$src"/src/hb-*.h; do
    case ${h##*/} in hb-ft.h|hb-glib.h|hb-icu.h|hb-graphite2.h|hb-gobject*.h|hb-coretext.h|hb-directwrite.h|hb-uniscribe.h|hb-gdi.h) continue ;; esac
    cp "$h" "$prefix/include/harfbuzz/"
  done
  cat > "$prefix/lib/pkgconfig/harfbuzz-subset.pc" <<EOF
prefix=$prefix
libdir=\${prefix}/lib
includedir=\${prefix}/include

Name: harfbuzz-subset
Description: HarfBuzz font subsetter, with the HarfBuzz core (one static library)
Version: $(sed -n 's/^#define HB_VERSION_STRING "\(.*\)"$/\1/p' "$src/src/hb-version.h")
Libs: -L\${libdir} -lharfbuzz-subset
Cflags: -I\${includedir}/harfbuzz
EOF
  [[ -f $prefix/include/harfbuzz/hb-subset.h ]] || { say "harfbuzz: hb-subset.h not installed"; exit 1; }
}

build_googletest() {
  local src
  src=$(unpack googletest)
  cmake_build "$src" -DBUILD_GMOCK=ON -DINSTALL_GTEST=ON -Dgtest_disable_pthreads=OFF
}

build_pcre3() {
  local src
  src=$(unpack pcre3)
  cmake_build "$src" -DPCRE_SUPPORT_UTF=ON -DPCRE_SUPPORT_UNICODE_PROPERTIES=ON -DPCRE_BUILD_PCRECPP=OFF \
    -DPCRE_BUILD_PCREGREP=OFF -DPCRE_BUILD_TESTS=OFF -DPCRE_SUPPORT_LIBBZ2=OFF -DPCRE_SUPPORT_LIBREADLINE=OFF \
    -DPCRE_SUPPORT_LIBEDIT=OFF -DINSTALL_MSVC_PDB=OFF
}

build_openssl() {
  local src
  src=$(unpack openssl)
  # The compiler named in full (its -posix variant, as everywhere), binutils by the triplet.
  cd "$src"   # OpenSSL builds in its source tree
  run ./Configure mingw64 no-shared no-tests no-module \
    --prefix="$prefix" --libdir=lib --openssldir="$prefix/ssl" \
    CC="$triplet-gcc-posix" AR="$triplet-ar" RANLIB="$triplet-ranlib" RC="$triplet-windres"
  run make -j"$jobs" build_libs
  run make install_dev
  cd "$repo"
}

build_poco() {
  local src
  src=$(unpack poco)
  # Headers named as on a case-insensitive disk (Winsock2.h, Iphlpapi.h): MinGW's are lower case.
  grep -rlE '#include <(Winsock2|Iphlpapi|WS2tcpip|Windows|WinSock2|IPHlpApi)\.h>' "$src" --include='*.h' --include='*.cpp' |
    xargs -r sed -i -E 's/#include <(Winsock2|WinSock2|Iphlpapi|IPHlpApi|WS2tcpip|Windows)\.h>/#include <\L\1.h>/'
  # wincrypt.h defines TIMESTAMP_REQUEST, one of Net's ICMP enumerators.
  sed -i 's/^\(\s*\)TIMESTAMP_REQUEST\b/#ifdef TIMESTAMP_REQUEST\n#undef TIMESTAMP_REQUEST\n#endif\n\1TIMESTAMP_REQUEST/' \
    "$src/Net/include/Poco/Net/ICMPv4PacketImpl.h"
  local off=()
  for c in ENCODINGS ENCODINGS_COMPILER MONGODB DATA DATA_SQLITE DATA_MYSQL DATA_POSTGRESQL DATA_ODBC REDIS PDF \
           SEVENZIP CPPPARSER POCODOC PAGECOMPILER PAGECOMPILER_FILE2PAGE JWT ACTIVERECORD ACTIVERECORD_COMPILER \
           APACHECONNECTOR NETSSL_WIN ZIP TESTS; do
    off+=("-DENABLE_$c=OFF")
  done
  # POCO_UNBUNDLED: our zlib, expat and pcre (else it builds in its own older zlib and expat).
  cmake_build "$src" "${off[@]}" \
    -DENABLE_FOUNDATION=ON -DENABLE_XML=ON -DENABLE_JSON=ON -DENABLE_UTIL=ON -DENABLE_NET=ON \
    -DENABLE_NETSSL=ON -DENABLE_CRYPTO=ON \
    -DPOCO_UNBUNDLED=ON -DOPENSSL_USE_STATIC_LIBS=TRUE -DOPENSSL_ROOT_DIR="$prefix" \
    -DCMAKE_C_FLAGS="-D__USE_MINGW_ANSI_STDIO=1 -DPCRE_STATIC -DXML_STATIC" \
    -DCMAKE_CXX_FLAGS="-D__USE_MINGW_ANSI_STDIO=1 -DPCRE_STATIC -DXML_STATIC"
  # A Debian patch (Disable-broken-cmake-installation) drops the install of these modules, which
  # PocoFoundationConfig.cmake still needs (find_dependency(PCRE)). For Windows Poco installs its
  # CMake files in <prefix>/cmake.
  local cfg
  cfg=$(dirname "$(find "$prefix" -name PocoConfig.cmake | head -n1)")
  [[ -d $cfg ]] || { say "poco: PocoConfig.cmake not installed"; exit 1; }
  cp "$src/cmake/FindPCRE.cmake" "$cfg/"
  mkdir -p "$cfg/V39" && cp "$src/cmake/V39/FindEXPAT.cmake" "$cfg/V39/"
}

build_utf8proc() {
  local src
  src=$(unpack utf8proc)
  cmake_build "$src" -DUTF8PROC_ENABLE_TESTING=OFF -DUTF8PROC_INSTALL=ON
  # A static utf8proc on Windows needs UTF8PROC_STATIC (else its header declares dllimport).
  # Its .pc says UTF8PROC_EXPORTS (right only while building the DLL).
  if [[ -f $prefix/lib/pkgconfig/libutf8proc.pc ]]; then
    sed -i 's/-DUTF8PROC_EXPORTS/-DUTF8PROC_STATIC/' "$prefix/lib/pkgconfig/libutf8proc.pc"
    grep -q UTF8PROC_STATIC "$prefix/lib/pkgconfig/libutf8proc.pc" \
      || sed -i 's/^Cflags:.*/& -DUTF8PROC_STATIC/' "$prefix/lib/pkgconfig/libutf8proc.pc"
  else
    cat > "$prefix/lib/pkgconfig/libutf8proc.pc" <<EOF
prefix=$prefix
libdir=\${prefix}/lib
includedir=\${prefix}/include

Name: libutf8proc
Description: UTF8 processing
Version: $(awk '/^Version:/ {print $2; exit}' "$downloads/${dsc_of[utf8proc]}" | sed 's/-.*//')
Libs: -L\${libdir} -lutf8proc
Cflags: -I\${includedir} -DUTF8PROC_STATIC
EOF
  fi
}

for lib in zlib expat libpng openssl libxlsxwriter libharu harfbuzz googletest pcre3 poco utf8proc; do
  step "$lib"
done

mkdir -p "$prefix/logs"
cp "$logs"/*.log "$prefix/logs/"
rm -rf "$work"
touch "$prefix/.complete"
echo "$prefix" > "$cache_root/prefix.txt"
say "built in $((SECONDS - start)) s: $prefix"
echo "$prefix"
