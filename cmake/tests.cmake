# The tests (BUILD_TESTING): libraries of fakes, three test binaries; one
# CTest test per sandbox and e2e case, one for all of unit_tests. ctest -j
# runs the highest COST first: on 2 cores the long ones must not start last
# and run alone.
enable_testing()
include(GoogleTest)

file(GLOB_RECURSE TESTING_SOURCES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/testing/*.cc)
list(FILTER TESTING_SOURCES EXCLUDE REGEX "_test\\.cc$")
# tests/testing/sandbox_*.cc need the sandbox library: they go to sandboxtesting.
set(SANDBOX_TESTING_SOURCES ${TESTING_SOURCES})
list(FILTER SANDBOX_TESTING_SOURCES INCLUDE REGEX "/sandbox_[^/]*\\.cc$")
list(FILTER TESTING_SOURCES EXCLUDE REGEX "/sandbox_[^/]*\\.cc$")
list(REMOVE_ITEM TESTING_SOURCES ${CMAKE_SOURCE_DIR}/tests/testing/testing.cc)
add_library(armtesting STATIC ${TESTING_SOURCES} ${CMAKE_SOURCE_DIR}/tests/testing/testing.cc)
target_include_directories(armtesting PUBLIC ${CMAKE_SOURCE_DIR} ${CMAKE_SOURCE_DIR}/src)
target_link_libraries(armtesting PUBLIC armcore GTest::gtest GTest::gmock PkgConfig::HTTPLIB)
# Only testing.cc sees the folders (SourceDir(), BinaryDir()): on every
# command line they would keep ccache from sharing objects between clones.
set_source_files_properties(${CMAKE_SOURCE_DIR}/tests/testing/testing.cc PROPERTIES COMPILE_DEFINITIONS
  "ARM_SOURCE_DIR=\"${CMAKE_SOURCE_DIR}\";ARM_BINARY_DIR=\"${CMAKE_BINARY_DIR}\"")

# Unit tests: every *_test.cc beside the code in src/ and tests/testing/.
file(GLOB_RECURSE UNIT_TESTS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/src/*_test.cc
  ${CMAKE_SOURCE_DIR}/tests/testing/*_test.cc)
add_executable(unit_tests ${UNIT_TESTS})
target_link_libraries(unit_tests PRIVATE armtesting GTest::gtest_main)
# One CTest test for the whole binary: its ~600 cases take a few seconds in
# one process, while one process per case cost 0.25-0.6 s each under ASan
# (start-up and LeakSanitizer's exit scan), minutes in all on 2 cores.
add_test(NAME unit_tests COMMAND unit_tests --gtest_brief=1)
set_tests_properties(unit_tests PROPERTIES LABELS unit COST 10)

# Test code needs no optimisation; gtest/gmock and nlohmann compiled once
# for the three test binaries (same flags, so one header serves them all).
function(arm_fast_test_target target)
  target_compile_options(${target} PRIVATE -O0 -g0)
  if(target STREQUAL "unit_tests")
    target_precompile_headers(${target} PRIVATE <gtest/gtest.h> <gmock/gmock.h> <nlohmann/json.hpp> <string>
                              <vector>)
  else()
    target_precompile_headers(${target} REUSE_FROM unit_tests)
  endif()
endfunction()
arm_fast_test_target(unit_tests)

if(TARGET sandboxlib)
  if(SANDBOX_TESTING_SOURCES)
    add_library(sandboxtesting STATIC ${SANDBOX_TESTING_SOURCES})
    target_link_libraries(sandboxtesting PUBLIC sandboxlib armtesting)
  else()
    add_library(sandboxtesting INTERFACE)
    target_link_libraries(sandboxtesting INTERFACE sandboxlib armtesting)
  endif()
  file(GLOB_RECURSE SANDBOX_TESTS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/sandbox/*_test.cc)
  if(SANDBOX_TESTS)
    add_executable(sandbox_tests ${SANDBOX_TESTS})
    target_link_libraries(sandbox_tests PRIVATE sandboxtesting GTest::gtest_main)
    arm_fast_test_target(sandbox_tests)
    if(TARGET aws-sandbox)
      add_dependencies(sandbox_tests aws-sandbox)  # main_test.cc spawns the binary
    endif()
    # The AWS CLI conformance tests start the real `aws` (Python) several
    # times each: label aws-cli (ctest -L aws-cli / -LE aws-cli), start first.
    # What the CLIs' models say (which CLI a test needs) is probed once and
    # kept in the build folder for the next test processes.
    set(ARM_AWS_CLI_TESTS "*Cli*Test.*:StsHandlerTest.GetCallerIdentity*")
    gtest_discover_tests(sandbox_tests DISCOVERY_MODE PRE_TEST DISCOVERY_TIMEOUT 60
      TEST_FILTER "${ARM_AWS_CLI_TESTS}" PROPERTIES LABELS aws-cli COST 20
      ENVIRONMENT "ARM_TEST_CACHE_DIR=${CMAKE_BINARY_DIR}/test-cache")
    gtest_discover_tests(sandbox_tests DISCOVERY_MODE PRE_TEST DISCOVERY_TIMEOUT 60
      TEST_FILTER "-${ARM_AWS_CLI_TESTS}" PROPERTIES LABELS sandbox)
  endif()
endif()

# End-to-end tests: the real binaries against aws-sandbox on a free port.
file(GLOB_RECURSE E2E_TESTS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/e2e/*.cc)
if(E2E_TESTS)
  add_executable(e2e_tests ${E2E_TESTS})
  if(TARGET sandboxtesting)
    target_link_libraries(e2e_tests PRIVATE sandboxtesting GTest::gtest_main)
  else()
    target_link_libraries(e2e_tests PRIVATE armtesting GTest::gtest_main)
  endif()
  add_dependencies(e2e_tests aws-resource-manager)
  arm_fast_test_target(e2e_tests)
  if(TARGET aws-sandbox)
    add_dependencies(e2e_tests aws-sandbox)
  endif()
  # The long ones start first (on a fresh build ctest has no times of its
  # own): the crash tests (many killed runs each), the fault seeds (a stop and
  # a start at 45% failed calls), the selection boundary's shards and the
  # simulated week of reconcile runs; then the rest.
  set(ARM_LONG_E2E "CrashTest.*:*FaultsTest.*:*SelectionBoundaryTest.*:*SimulatedWeek*")
  gtest_discover_tests(e2e_tests DISCOVERY_MODE PRE_TEST DISCOVERY_TIMEOUT 60 TEST_FILTER "${ARM_LONG_E2E}"
    PROPERTIES ENVIRONMENT "ARM_BIN_DIR=${CMAKE_BINARY_DIR}" LABELS e2e COST 60)
  gtest_discover_tests(e2e_tests DISCOVERY_MODE PRE_TEST DISCOVERY_TIMEOUT 60 TEST_FILTER "-${ARM_LONG_E2E}"
    PROPERTIES ENVIRONMENT "ARM_BIN_DIR=${CMAKE_BINARY_DIR}" LABELS e2e)
endif()


# Test code: ASan without UBSan (ARM_SANITIZER_FLAGS in CMakeLists.txt), and
# a unity build. A file's anonymous-namespace names must then not clash with
# another test file's: give helpers names of their own, or put them in the
# test's fixture.
foreach(target armtesting sandboxtesting unit_tests sandbox_tests e2e_tests)
  if(TARGET ${target})
    get_target_property(kind ${target} TYPE)
    if(NOT kind STREQUAL "INTERFACE_LIBRARY")
      set_target_properties(${target} PROPERTIES ARM_TEST_CODE ON)
      if(ARM_UNITY_BUILD)
        set_target_properties(${target} PROPERTIES UNITY_BUILD ON UNITY_BUILD_BATCH_SIZE ${ARM_UNITY_BATCH})
      endif()
    endif()
  endif()
endforeach()
