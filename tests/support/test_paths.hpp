// Paths the tests need, compiled into one small generated file per test program
// (tests/CMakeLists.txt) rather than passed as -D flags: an absolute path on every file's
// command line would make each clone's compile unique and defeat ccache in CI.
#pragma once

namespace stridecue::test {

const char* source_dir();        // the project's source tree
const char* default_data_dir();  // ../shared/data beside it (tests read $STRIDECUE_DATA first)
const char* cli_path();          // the built `stridecue`
const char* daemon_path();       // the built `stridecued`

}  // namespace stridecue::test
