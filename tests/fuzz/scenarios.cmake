pharmatwin_fuzz(scenario LIBS pharmatwin::scenarios CORPUS ${PROJECT_SOURCE_DIR}/tests/fuzz/corpus/scenario)
