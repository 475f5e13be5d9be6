# GS1 parsers of untrusted scanner / URI input.
pharmatwin_fuzz(gs1_element LIBS pharmatwin::serialization
  CORPUS ${CMAKE_CURRENT_LIST_DIR}/corpus/gs1_element)
pharmatwin_fuzz(gs1_digital_link LIBS pharmatwin::serialization
  CORPUS ${CMAKE_CURRENT_LIST_DIR}/corpus/gs1_digital_link)
pharmatwin_fuzz(gs1_epc_uri LIBS pharmatwin::serialization
  CORPUS ${CMAKE_CURRENT_LIST_DIR}/corpus/gs1_epc_uri)
pharmatwin_fuzz(gs1_epc_digital_link LIBS pharmatwin::serialization
  CORPUS ${CMAKE_CURRENT_LIST_DIR}/corpus/gs1_epc_digital_link)
