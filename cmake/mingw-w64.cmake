# Cross-compiling Impact for 64-bit Windows from Debian with MinGW-w64 (scripts/windows/deps.sh builds
# the libraries; docs: docs/windows.md). Usage:
#   cmake -S . -B build-windows -DCMAKE_TOOLCHAIN_FILE=cmake/mingw-w64.cmake \
#         -DIMPACT_WINDOWS_DEPS_PREFIX=$(scripts/windows/deps.sh --print-prefix)
# deps.sh uses this file for the libraries too, so everything is built with the same flags.

set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)

set(IMPACT_MINGW_TRIPLET x86_64-w64-mingw32)
# The -posix compilers: their thread model gives std::thread and std::mutex (the -win32 ones lack them).
set(CMAKE_C_COMPILER ${IMPACT_MINGW_TRIPLET}-gcc-posix)
set(CMAKE_CXX_COMPILER ${IMPACT_MINGW_TRIPLET}-g++-posix)
set(CMAKE_RC_COMPILER ${IMPACT_MINGW_TRIPLET}-windres)
set(CMAKE_MC_COMPILER ${IMPACT_MINGW_TRIPLET}-windmc CACHE FILEPATH "")   # Poco's event-log messages
# CMake guesses binutils from the compiler's name; with the "-posix" suffix it may not: name them.
set(CMAKE_AR ${IMPACT_MINGW_TRIPLET}-ar CACHE FILEPATH "")
set(CMAKE_RANLIB ${IMPACT_MINGW_TRIPLET}-ranlib CACHE FILEPATH "")

# Where the cross-built libraries are: a cache variable (-D...) or the environment, never a default
# inside the clone. try_compile projects see it too.
if(NOT IMPACT_WINDOWS_DEPS_PREFIX AND DEFINED ENV{IMPACT_WINDOWS_DEPS_PREFIX})
  set(IMPACT_WINDOWS_DEPS_PREFIX "$ENV{IMPACT_WINDOWS_DEPS_PREFIX}")
endif()
set(IMPACT_WINDOWS_DEPS_PREFIX "${IMPACT_WINDOWS_DEPS_PREFIX}" CACHE PATH
    "Prefix of the Windows libraries built by scripts/windows/deps.sh")
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES IMPACT_WINDOWS_DEPS_PREFIX)

set(CMAKE_SYSROOT_MINGW /usr/${IMPACT_MINGW_TRIPLET})
set(CMAKE_FIND_ROOT_PATH ${CMAKE_SYSROOT_MINGW})
if(IMPACT_WINDOWS_DEPS_PREFIX)
  list(PREPEND CMAKE_FIND_ROOT_PATH ${IMPACT_WINDOWS_DEPS_PREFIX})
endif()
# Libraries, headers and CMake packages only from the sysroot and the prefix; programs from the host.
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# pkg-config (the host's) reads only the prefix's .pc files, never the host's.
if(IMPACT_WINDOWS_DEPS_PREFIX)
  set(ENV{PKG_CONFIG_LIBDIR} "${IMPACT_WINDOWS_DEPS_PREFIX}/lib/pkgconfig")
else()
  set(ENV{PKG_CONFIG_LIBDIR} "${CMAKE_SYSROOT_MINGW}/lib/pkgconfig")
endif()
set(ENV{PKG_CONFIG_PATH} "")
set(ENV{PKG_CONFIG_SYSROOT_DIR} "")

# Static everywhere: the sysroot's zlib also has an import library (libz.dll.a) that FindZLIB
# would otherwise prefer; OpenSSL is built no-shared.
set(ZLIB_USE_STATIC_LIBS ON)
set(OPENSSL_USE_STATIC_LIBS TRUE)

# __USE_MINGW_ANSI_STDIO: C code (libxlsxwriter writes numbers with "%.16G") gets MinGW's C99
# printf, as C++ already does, not msvcrt's (three-digit exponents): the same text as glibc's.
set(CMAKE_C_FLAGS_INIT "-D__USE_MINGW_ANSI_STDIO=1")
set(CMAKE_CXX_FLAGS_INIT "-D__USE_MINGW_ANSI_STDIO=1")
# No MinGW DLLs (libgcc, libstdc++, winpthread) to ship beside the .exe.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static -static-libgcc -static-libstdc++")
set(CMAKE_SHARED_LINKER_FLAGS_INIT "-static-libgcc -static-libstdc++")
set(CMAKE_MODULE_LINKER_FLAGS_INIT "-static-libgcc -static-libstdc++")

# add_test and gtest_discover_tests run the .exe under Wine, through a wrapper that gives Wine a
# prefix of its own ($HOME/.cache/impact/wineprefix unless WINEPREFIX is set) and quiet logs.
get_filename_component(_impact_wine_wrapper "${CMAKE_CURRENT_LIST_DIR}/../scripts/windows/wine.sh" ABSOLUTE)
set(CMAKE_CROSSCOMPILING_EMULATOR "${_impact_wine_wrapper}")
