// All GS1 identifier tools in one include: the AI dictionary and its linters, check digits,
// element strings, scan data, Digital Link and EPC URIs.
//
//   auto scan = pharmatwin::serialization::parse_scan_data("]d20109506000134352");
#pragma once

#include "pharmatwin/serialization/digital_link.hpp"
#include "pharmatwin/serialization/epc_gs1.hpp"
#include "pharmatwin/serialization/epc_uri.hpp"
#include "pharmatwin/serialization/gs1_ai_table.hpp"
#include "pharmatwin/serialization/gs1_check_digit.hpp"
#include "pharmatwin/serialization/gs1_date.hpp"
#include "pharmatwin/serialization/gs1_dictionary.hpp"
#include "pharmatwin/serialization/gs1_element_string.hpp"
#include "pharmatwin/serialization/gs1_linters.hpp"
#include "pharmatwin/serialization/gs1_scan_data.hpp"
#include "pharmatwin/serialization/gs1_symbology.hpp"
