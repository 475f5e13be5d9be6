pharmatwin_fuzz(sut_frames LIBS pharmatwin::adapters CORPUS ${PROJECT_SOURCE_DIR}/tests/fuzz/corpus/sut_frames)
