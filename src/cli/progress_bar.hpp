// The progress line `lb import` draws on a terminal's stderr. Header-only so that the
// CLI's unit tests can check its text without linking the program.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace lb::cli {

// "Item [#######.............] 350/1000 35%": `width` cells, full ones for `done`.
inline std::string progress_line(std::string_view label, std::size_t done, std::size_t total,
                                 std::size_t width = 30) {
  if (done > total) done = total;
  const std::size_t filled = total == 0 ? width : done * width / total;
  const std::size_t percent = total == 0 ? 100 : done * 100 / total;
  std::string line(label);
  line += " [";
  line.append(filled, '#');
  line.append(width - filled, '.');
  line += "] ";
  line += std::to_string(done) + "/" + std::to_string(total) + " " + std::to_string(percent) + "%";
  return line;
}

}  // namespace lb::cli
