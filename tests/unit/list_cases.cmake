# list_cases.cmake - run by the build once a unit test binary is built
# (tests/CMakeLists.txt): writes the names of its cases, one a line, to
# OUT, from `EXE --list` (tests/unit/check.h).  The CTest file of the
# directory reads OUT and registers each case as unit.NAME.CASE.
#
#   cmake -DEXE=path/to/test_x -DOUT=path/to/test_x.cases -P list_cases.cmake
file(REMOVE "${OUT}")
execute_process(COMMAND "${EXE}" --list
  OUTPUT_VARIABLE cases ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${EXE} --list failed (${rc}): ${err}")
endif()
if(cases STREQUAL "")
  message(FATAL_ERROR "${EXE} --list names no case: its main() must hand "
    "its cases to PK_TEST_MAIN (tests/unit/check.h)")
endif()
if(NOT cases MATCHES "^([A-Za-z0-9_]+\n)+$")
  message(FATAL_ERROR "${EXE} --list: a case name that is not [A-Za-z0-9_]+:\n${cases}")
endif()
file(WRITE "${OUT}" "${cases}")
