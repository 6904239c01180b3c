#include "store/session_recovery.hpp"

#include <sqlite3.h>

namespace stridecue {
namespace {

// The end is the last stride's contact (session time, from the start): what the store can
// vouch for. The summary holds what the store knows; the engine's figures died with the writer.
constexpr const char* kCloseLeftOpen = R"sql(
UPDATE sessions SET
  ended_utc = strftime('%Y-%m-%dT%H:%M:%fZ', started_utc,
                       printf('%+.3f seconds',
                              COALESCE((SELECT MAX(contact_s) FROM strides
                                        WHERE session_id = sessions.id), 0.0))),
  summary_json = json_object(
      'closed_by', 'recovery',
      'why', 'the daemon stopped without closing the session (killed, crashed, or its disk ' ||
             'too full to write the end); it was closed when the store was next opened, at ' ||
             'its last stored stride',
      'strides_stored', (SELECT COUNT(*) FROM strides WHERE session_id = sessions.id))
WHERE ended_utc IS NULL
)sql";

}  // namespace

int close_sessions_left_open(SqliteConnection& db) {
  db.exec(kCloseLeftOpen);
  return sqlite3_changes(db.handle());
}

}  // namespace stridecue
