# The detection engine's recorded-data path (CSV reader, replay, every rule, alert writers) and
# its policy parser under libFuzzer.
pharmatwin_fuzz(detect_csv LIBS pharmatwin::detection CORPUS ${CMAKE_CURRENT_LIST_DIR}/corpus/detect_csv)
