// The error every config reader throws: its message names the file, line and column.
#pragma once

#include <stdexcept>
#include <string>

namespace stridecue {

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace stridecue
