# The SQLite that better-sqlite3 runs, for noormc too: one SQLite for `noormc migrate`, noormc's verdicts
# (sqlite3_prepare) and `db.migrate()`.
#
# The version and the sha512 integrity come from runtime-ts/package-lock.json (node_modules/better-sqlite3).
# The sources come from one of:
#   - the package's tarball from the npm registry (the default; verified against the lockfile's integrity and
#     kept in NOORMC_DOWNLOAD_DIR, so the build folders share one download), or
#   - an existing copy: -DNOORMC_SQLITE_AMALGAMATION=runtime-ts/node_modules/better-sqlite3/deps/sqlite3
#     (its ../../package.json must have the lockfile's version).
# deps/sqlite3/sqlite3.{c,h} and deps/defines.gypi (better-sqlite3's compile options) are copied into
# ${CMAKE_BINARY_DIR}/better-sqlite3/ and sqlite3.c becomes the static library noormc_sqlite3, compiled with
# exactly those defines (as better-sqlite3's deps/sqlite3.gyp does: -std=c99 -w, NDEBUG).
#
# Defines: noormc_sqlite3 (target), NOORMC_BETTER_SQLITE3_VERSION, NOORMC_SQLITE_VERSION, NOORMC_SQLITE_DEFINES.

set(NOORMC_LOCKFILE ${CMAKE_CURRENT_SOURCE_DIR}/runtime-ts/package-lock.json)
set(NOORMC_SQLITE_AMALGAMATION "" CACHE PATH
    "A local better-sqlite3 deps/sqlite3 folder (default: the lockfile's tarball from the npm registry)")
set(NOORMC_NPM_REGISTRY "https://registry.npmjs.org" CACHE STRING "The npm registry better-sqlite3 comes from")
set(NOORMC_DOWNLOAD_DIR "${CMAKE_CURRENT_SOURCE_DIR}/.cache" CACHE PATH "Where downloaded tarballs are kept")
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${NOORMC_LOCKFILE})

# Base64 (an npm integrity) to lowercase hex (what file(SHA512) prints).
function(noormc_base64_to_hex b64 out)
  set(alphabet "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
  string(REGEX REPLACE "=+$" "" b64 "${b64}")
  string(LENGTH "${b64}" n)
  set(bits 0)
  set(nbits 0)
  set(hex "")
  math(EXPR last "${n} - 1")
  foreach(i RANGE ${last})
    string(SUBSTRING "${b64}" ${i} 1 c)
    string(FIND "${alphabet}" "${c}" v)
    math(EXPR bits "((${bits} << 6) | ${v}) & 4095")
    math(EXPR nbits "${nbits} + 6")
    if(nbits GREATER_EQUAL 8)
      math(EXPR nbits "${nbits} - 8")
      math(EXPR byte "(${bits} >> ${nbits}) & 255" OUTPUT_FORMAT HEXADECIMAL)
      string(SUBSTRING "${byte}" 2 -1 byte)
      string(LENGTH "${byte}" len)
      if(len EQUAL 1)
        set(byte "0${byte}")
      endif()
      string(APPEND hex "${byte}")
    endif()
  endforeach()
  string(TOLOWER "${hex}" hex)
  set(${out} "${hex}" PARENT_SCOPE)
endfunction()

file(READ ${NOORMC_LOCKFILE} lock)
string(JSON NOORMC_BETTER_SQLITE3_VERSION GET "${lock}" packages node_modules/better-sqlite3 version)
string(JSON integrity GET "${lock}" packages node_modules/better-sqlite3 integrity)
if(NOT integrity MATCHES "^sha512-(.+)$")
  message(FATAL_ERROR "runtime-ts/package-lock.json: better-sqlite3's integrity is not sha512: ${integrity}")
endif()
noormc_base64_to_hex("${CMAKE_MATCH_1}" expected_sha512)

set(stage ${CMAKE_BINARY_DIR}/better-sqlite3)
if(NOORMC_SQLITE_AMALGAMATION)
  # A local copy: the same version as the lockfile's, or the build would not be the runtime's SQLite.
  get_filename_component(pkg "${NOORMC_SQLITE_AMALGAMATION}/../.." ABSOLUTE)
  file(READ ${pkg}/package.json pkg_json)
  string(JSON local_version GET "${pkg_json}" version)
  if(NOT local_version STREQUAL NOORMC_BETTER_SQLITE3_VERSION)
    message(FATAL_ERROR "NOORMC_SQLITE_AMALGAMATION is better-sqlite3 ${local_version}; "
                        "runtime-ts/package-lock.json pins ${NOORMC_BETTER_SQLITE3_VERSION}")
  endif()
  set(source_dir ${pkg})
  set(source_note "${pkg}")
else()
  set(tarball ${NOORMC_DOWNLOAD_DIR}/better-sqlite3-${NOORMC_BETTER_SQLITE3_VERSION}.tgz)
  set(actual "")
  if(EXISTS ${tarball})
    file(SHA512 ${tarball} actual)
  endif()
  if(NOT actual STREQUAL expected_sha512)
    set(url ${NOORMC_NPM_REGISTRY}/better-sqlite3/-/better-sqlite3-${NOORMC_BETTER_SQLITE3_VERSION}.tgz)
    message(STATUS "Downloading ${url}")
    file(DOWNLOAD ${url} ${tarball}.part EXPECTED_HASH SHA512=${expected_sha512} STATUS status TLS_VERIFY ON)
    list(GET status 0 code)
    if(NOT code EQUAL 0)
      file(REMOVE ${tarball}.part)
      message(FATAL_ERROR "Could not download ${url} (${status}); or pass "
                          "-DNOORMC_SQLITE_AMALGAMATION=runtime-ts/node_modules/better-sqlite3/deps/sqlite3")
    endif()
    file(RENAME ${tarball}.part ${tarball})
  endif()
  set(extract ${CMAKE_BINARY_DIR}/better-sqlite3-tgz)
  file(REMOVE_RECURSE ${extract})
  file(ARCHIVE_EXTRACT INPUT ${tarball} DESTINATION ${extract}
       PATTERNS package/deps/sqlite3/sqlite3.c package/deps/sqlite3/sqlite3.h package/deps/defines.gypi)
  set(source_dir ${extract}/package)
  set(source_note "${tarball} (sha512 verified)")
endif()

file(MAKE_DIRECTORY ${stage})
# copy_if_different keeps the timestamps, so a reconfigure recompiles nothing unless the sources changed.
foreach(f deps/sqlite3/sqlite3.c deps/sqlite3/sqlite3.h deps/defines.gypi)
  get_filename_component(name ${f} NAME)
  file(COPY_FILE ${source_dir}/${f} ${stage}/${name} ONLY_IF_DIFFERENT)
endforeach()

# better-sqlite3's compile options: every quoted word of defines.gypi's 'defines' list.
file(STRINGS ${stage}/defines.gypi gypi_lines REGEX "^[ \t]*'[A-Z_0-9]+(=[^']*)?',?[ \t]*$")
set(NOORMC_SQLITE_DEFINES)
foreach(line ${gypi_lines})
  string(REGEX REPLACE "^[ \t]*'([^']*)'.*$" "\\1" def "${line}")
  list(APPEND NOORMC_SQLITE_DEFINES ${def})
endforeach()
if(NOT "SQLITE_THREADSAFE=2" IN_LIST NOORMC_SQLITE_DEFINES AND NOT "SQLITE_THREADSAFE=1" IN_LIST NOORMC_SQLITE_DEFINES)
  message(FATAL_ERROR "better-sqlite3's defines.gypi no longer builds a multi-thread SQLite; noormc's "
                      "checks use one connection per thread")
endif()
file(STRINGS ${stage}/sqlite3.h version_line REGEX "^#define SQLITE_VERSION +\"")
string(REGEX REPLACE ".*\"(.*)\".*" "\\1" NOORMC_SQLITE_VERSION "${version_line}")
message(STATUS "SQLite ${NOORMC_SQLITE_VERSION} of better-sqlite3 ${NOORMC_BETTER_SQLITE3_VERSION} from ${source_note}")

# One compile of sqlite3.c (position-independent), two libraries: the static one noormc links, and a
# libsqlite3.so.0 in build/oracle/ that the Python fuzzers load in place of Debian's (their ctest
# ENVIRONMENT sets LD_LIBRARY_PATH), so every oracle is the SQLite db.migrate() runs.
add_library(noormc_sqlite3_objects OBJECT ${stage}/sqlite3.c)
target_include_directories(noormc_sqlite3_objects SYSTEM PUBLIC ${stage})
target_compile_definitions(noormc_sqlite3_objects PRIVATE ${NOORMC_SQLITE_DEFINES} NDEBUG)
# As deps/sqlite3.gyp: C99, no warnings (not the project's code, so not -Werror), optimised as its Release
# build (-O2 here; -O3 buys nothing measurable for prepare). Never sanitized: it is not our code, and
# instrumenting 260,000 lines would add minutes to the ASan build.
set_target_properties(noormc_sqlite3_objects PROPERTIES C_STANDARD 99 C_EXTENSIONS OFF POSITION_INDEPENDENT_CODE ON)
target_compile_options(noormc_sqlite3_objects PRIVATE -w -O2)
add_library(noormc_sqlite3 STATIC $<TARGET_OBJECTS:noormc_sqlite3_objects>)
target_include_directories(noormc_sqlite3 SYSTEM PUBLIC ${stage})
target_link_libraries(noormc_sqlite3 INTERFACE Threads::Threads m ${CMAKE_DL_LIBS})
add_library(noormc_sqlite3_oracle SHARED $<TARGET_OBJECTS:noormc_sqlite3_objects>
  ${CMAKE_CURRENT_SOURCE_DIR}/tests/sqlite/oracle_shims.c)
target_include_directories(noormc_sqlite3_oracle PRIVATE ${stage})
set_target_properties(noormc_sqlite3_oracle PROPERTIES OUTPUT_NAME sqlite3 SOVERSION 0
  LIBRARY_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/oracle)
target_link_libraries(noormc_sqlite3_oracle PRIVATE Threads::Threads m ${CMAKE_DL_LIBS})
