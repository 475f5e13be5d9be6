pharmatwin_fuzz(scenario LIBS pharmatwin::scenarios CORPUS ${PROJECT_SOURCE_DIR}/tests/fuzz/corpus/scenario)
# Seeded with the shipped exercises; their scenario references resolve against their folder.
pharmatwin_fuzz(exercise LIBS pharmatwin::scenarios CORPUS ${PROJECT_SOURCE_DIR}/scenarios/exercises)
target_compile_definitions(fuzz_exercise PRIVATE
                           PHARMATWIN_EXERCISES_DIR="${PROJECT_SOURCE_DIR}/scenarios/exercises")
