// Helpers for testing audio under SDL's disk driver: a private output file per test, the raw
// mono F32 stream read back, and the sounds found in it.
#pragma once

#include <cstddef>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "audio/cue_player.hpp"
#include "support/run_program.hpp"

namespace stridecue::test {

// Options for the disk driver at 48 kHz; SDL_DISKAUDIOFILE set to `file` for the next open.
CuePlayerOptions disk_options(const std::filesystem::path& file, int buffer_frames = 256);

// The whole file as native-endian float samples (the player opens mono F32).
std::vector<float> read_f32(const std::filesystem::path& file);

// A stretch of samples whose magnitude exceeds the level, with shorter quiet gaps merged only
// if they are shorter than the caller's min gap.
struct Burst {
  std::size_t begin = 0;
  std::size_t end = 0;  // one past the last loud sample
};

// Each sound's onset: the first sample above `level` after at least `min_silence` samples at or
// below it (or at the start of the file).
std::vector<std::size_t> find_onsets(std::span<const float> s, float level,
                                     std::size_t min_silence);

// The loud stretches in s[from, to), split wherever at least `min_gap` quiet samples occur.
std::vector<Burst> find_bursts(std::span<const float> s, std::size_t from, std::size_t to,
                               float level, std::size_t min_gap);

// Sign changes between consecutive samples in s[from, to).
std::size_t zero_crossings(std::span<const float> s, std::size_t from, std::size_t to);

// First index of `sound` scaled by `volume` whose magnitude exceeds `level`: where the onset
// detector fires relative to the sound's first frame (the raised-cosine ramp starts near 0).
std::size_t detection_lead(std::span<const float> sound, double volume, float level);

// Waits (at most 5 s) until `count` start reports arrived; returns what came.
std::vector<CueStarted> collect_started(CuePlayer& player, std::size_t count);

}  // namespace stridecue::test
