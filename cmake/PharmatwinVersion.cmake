# Embeds the version and the git commit the binary was built from.
execute_process(
  COMMAND git rev-parse --short=12 HEAD
  WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}
  OUTPUT_VARIABLE PHARMATWIN_GIT_COMMIT
  OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
if(NOT PHARMATWIN_GIT_COMMIT)
  set(PHARMATWIN_GIT_COMMIT "unknown")
endif()
execute_process(
  COMMAND git status --porcelain --untracked-files=no
  WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}
  OUTPUT_VARIABLE _dirty
  OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
if(_dirty)
  string(APPEND PHARMATWIN_GIT_COMMIT "-dirty")
endif()
configure_file(${CMAKE_CURRENT_LIST_DIR}/version.hpp.in
               ${CMAKE_BINARY_DIR}/generated/pharmatwin/version.hpp @ONLY)
add_library(pharmatwin_version INTERFACE)
target_include_directories(pharmatwin_version INTERFACE ${CMAKE_BINARY_DIR}/generated)
add_library(pharmatwin::version ALIAS pharmatwin_version)
