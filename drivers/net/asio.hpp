// Boost.Asio for this folder. Boost 1.74's awaitable.hpp uses std::exchange without including
// <utility>, which g++ 12 in C++20 mode does not pull in by itself: include it first.
#pragma once

#include <utility>

#include <boost/asio.hpp>
