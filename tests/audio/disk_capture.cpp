#include "disk_capture.hpp"

#include <chrono>
#include <thread>

#include <stdlib.h>

#include <cmath>
#include <fstream>
#include <stdexcept>

namespace stridecue::test {

CuePlayerOptions disk_options(const std::filesystem::path& file, int buffer_frames) {
  // The disk driver takes its file from the environment when the device opens.
  setenv("SDL_DISKAUDIOFILE", file.c_str(), 1);
  CuePlayerOptions o;
  o.driver = "disk";
  o.sample_rate_hz = 48000;
  o.buffer_frames = buffer_frames;
  o.volume = 0.8;
  o.cue_length_s = 0.12;
  return o;
}

std::vector<float> read_f32(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  const auto bytes = std::filesystem::file_size(file);
  std::vector<float> out(bytes / sizeof(float));
  in.read(reinterpret_cast<char*>(out.data()),
          static_cast<std::streamsize>(out.size() * sizeof(float)));
  return out;
}

std::vector<std::size_t> find_onsets(std::span<const float> s, float level,
                                     std::size_t min_silence) {
  std::vector<std::size_t> onsets;
  std::size_t quiet = min_silence;  // the file's start counts as silence
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (std::fabs(s[i]) > level) {
      if (quiet >= min_silence) onsets.push_back(i);
      quiet = 0;
    } else {
      ++quiet;
    }
  }
  return onsets;
}

std::vector<Burst> find_bursts(std::span<const float> s, std::size_t from, std::size_t to,
                               float level, std::size_t min_gap) {
  std::vector<Burst> bursts;
  std::size_t quiet = 0;
  for (std::size_t i = from; i < to && i < s.size(); ++i) {
    if (std::fabs(s[i]) > level) {
      if (bursts.empty() || quiet >= min_gap) bursts.push_back({i, i + 1});
      bursts.back().end = i + 1;
      quiet = 0;
    } else {
      ++quiet;
    }
  }
  return bursts;
}

std::size_t zero_crossings(std::span<const float> s, std::size_t from, std::size_t to) {
  std::size_t n = 0;
  for (std::size_t i = from + 1; i < to && i < s.size(); ++i) {
    if ((s[i - 1] < 0.0f) != (s[i] < 0.0f)) ++n;
  }
  return n;
}

std::size_t detection_lead(std::span<const float> sound, double volume, float level) {
  for (std::size_t i = 0; i < sound.size(); ++i) {
    if (std::fabs(volume * sound[i]) > level) return i;
  }
  return sound.size();
}

std::vector<CueStarted> collect_started(CuePlayer& player, std::size_t count) {
  std::vector<CueStarted> out;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  CueStarted s;
  while (out.size() < count && std::chrono::steady_clock::now() < deadline) {
    if (player.poll_started(s)) {
      out.push_back(s);
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  }
  return out;
}

}  // namespace stridecue::test
