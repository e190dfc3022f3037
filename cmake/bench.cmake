# Benchmarks (make bench): programs, not timed tests.
if(TARGET sandboxlib AND EXISTS ${CMAKE_SOURCE_DIR}/bench/sandbox_throughput.cc)
  add_executable(sandbox_throughput bench/sandbox_throughput.cc)
  target_link_libraries(sandbox_throughput PRIVATE sandboxlib)
  target_compile_definitions(sandbox_throughput PRIVATE ARM_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
endif()

# The large-estate benchmark (issue 7) drives the real binaries as children.
if(TARGET aws-sandbox AND EXISTS ${CMAKE_SOURCE_DIR}/bench/large_estate.cc)
  add_executable(large_estate bench/large_estate.cc bench/bench_process.cc bench/lower_bound.cc)
  target_include_directories(large_estate PRIVATE ${CMAKE_SOURCE_DIR})
  target_link_libraries(large_estate PRIVATE CLI11::CLI11 nlohmann_json::nlohmann_json PkgConfig::HTTPLIB
                        Threads::Threads)
  target_compile_definitions(large_estate PRIVATE ARM_SOURCE_DIR="${CMAKE_SOURCE_DIR}"
                             ARM_BINARY_DIR="${CMAKE_BINARY_DIR}")
  add_dependencies(large_estate aws-resource-manager aws-sandbox)
  # CI: the whole benchmark on a tiny estate in a few seconds; it exits
  # non-zero unless every run exits 0 and the JSON report is written.
  add_test(NAME bench_large_estate_smoke
           COMMAND large_estate --scale tiny --workers 1,4 --latency-ms 1 --throttle-rate 0 --max-rps 0
                   --json ${CMAKE_BINARY_DIR}/bench-smoke.json)
  set_tests_properties(bench_large_estate_smoke PROPERTIES TIMEOUT 120)
endif()

# The lower bound's arithmetic (bench/lower_bound.cc), with the tests.
if(TARGET GTest::gtest_main AND EXISTS ${CMAKE_SOURCE_DIR}/bench/lower_bound_test.cc)
  add_executable(lower_bound_test bench/lower_bound_test.cc bench/lower_bound.cc)
  target_include_directories(lower_bound_test PRIVATE ${CMAKE_SOURCE_DIR})
  target_link_libraries(lower_bound_test PRIVATE nlohmann_json::nlohmann_json GTest::gtest_main)
  add_test(NAME bench_lower_bound COMMAND lower_bound_test --gtest_brief=1)
endif()
