// All GS1 identifier tools in one include: check digits, element strings, Digital Link and
// EPC URIs.
#pragma once

#include "pharmatwin/serialization/digital_link.hpp"
#include "pharmatwin/serialization/epc_uri.hpp"
#include "pharmatwin/serialization/gs1_ai_table.hpp"
#include "pharmatwin/serialization/gs1_check_digit.hpp"
#include "pharmatwin/serialization/gs1_date.hpp"
#include "pharmatwin/serialization/gs1_element_string.hpp"
