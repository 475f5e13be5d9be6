# The EPCIS 2.0 JSON-LD reader (with business rules and event hashing) under libFuzzer.
pharmatwin_fuzz(epcis LIBS pharmatwin::serialization CORPUS ${CMAKE_CURRENT_LIST_DIR}/corpus/epcis)
