# pharmatwin_proto_library(NAME PROTO_ROOT <dir> PROTOS <files...> [LINK <proto libs...>])
# Generates C++ for .proto files found under PROTO_ROOT (imports resolve against every
# PROTO_ROOT of the linked proto libraries) into a static library NAME whose include path
# makes "pharmatwin/<x>.pb.h" resolve.
function(pharmatwin_proto_library name)
  cmake_parse_arguments(P "" "PROTO_ROOT" "PROTOS;LINK" ${ARGN})
  set(out_dir ${CMAKE_CURRENT_BINARY_DIR}/generated)
  set(import_args -I${P_PROTO_ROOT})
  foreach(dep ${P_LINK})
    get_target_property(dep_root ${dep} PHARMATWIN_PROTO_ROOT)
    list(APPEND import_args -I${dep_root})
  endforeach()
  set(sources)
  foreach(proto ${P_PROTOS})
    file(RELATIVE_PATH rel ${P_PROTO_ROOT} ${proto})
    string(REGEX REPLACE "\\.proto$" "" stem ${rel})
    set(cc ${out_dir}/${stem}.pb.cc)
    set(h ${out_dir}/${stem}.pb.h)
    add_custom_command(
      OUTPUT ${cc} ${h}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${out_dir}
      COMMAND protobuf::protoc --cpp_out=${out_dir} ${import_args} ${proto}
      DEPENDS ${proto} protobuf::protoc
      COMMENT "protoc ${rel}")
    list(APPEND sources ${cc})
  endforeach()
  add_library(${name} STATIC ${sources})
  target_include_directories(${name} SYSTEM PUBLIC ${out_dir})
  target_link_libraries(${name} PUBLIC protobuf::libprotobuf ${P_LINK})
  set_target_properties(${name} PROPERTIES PHARMATWIN_PROTO_ROOT ${P_PROTO_ROOT})
endfunction()
