// The coach's web console (docs/console.md): static files the daemon serves at "/" beside the
// API, read from a folder (web/console in the source tree, share/stridecue/console when
// installed). Plain HTML, CSS and JavaScript: nothing is built or downloaded. The files hold
// no data, so they are served without the token (the login page is one of them); the data they
// fetch go through the API's checks like any client's.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace stridecue {

// $STRIDECUE_CONSOLE_DIR, else the source tree's web/console when it exists (a build run from
// its tree), else the installed share/stridecue/console.
std::string default_console_dir();

// The file a GET of `target` names: "index.html" for "/", "console.js" for "/console.js"; none
// for a path that is not one of the console's (the API's paths, anything with a second '/',
// a leading dot or a type the console does not use). The query string is ignored.
std::optional<std::string> console_file_name(std::string_view target);

struct ConsoleFile {
  int status = 200;
  std::string content_type;
  std::string bytes;
};

// The file `name` (from console_file_name) in `dir`: 200 with its bytes and type, or 404 with
// a JSON error naming the file and the folder looked in.
ConsoleFile read_console_file(const std::string& dir, const std::string& name);

}  // namespace stridecue
