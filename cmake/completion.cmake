# Writes `BIN completion SHELL_NAME` to OUT (the scripts are generated from the
# binary's own command definition, so they cannot drift from it).
execute_process(COMMAND ${BIN} completion ${SHELL_NAME} OUTPUT_FILE ${OUT} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${BIN} completion ${SHELL_NAME} failed (${rc})")
endif()
