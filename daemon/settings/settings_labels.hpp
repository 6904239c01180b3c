// The human name of every setting ("Glute drop threshold" for glute.baseline.drop_ratio): what
// the web console and the overlay's coach panel show instead of the dotted key. They read it
// from the settings schema ("label"), so both say the same; the key stays what the API and the
// config file use. Kept beside the table rather than in each of its rows so that the rows stay
// one line of what the setting does.
#pragma once

#include <span>
#include <string_view>

namespace stridecue {

struct SettingLabel {
  std::string_view key;
  std::string_view label;  // short, sentence case, no unit (the schema gives the unit)
};

// Every label, in table order.
std::span<const SettingLabel> setting_labels();
// The label of `key`; empty for a key without one (a test keeps there being none).
std::string_view setting_label(std::string_view key);

}  // namespace stridecue
