// What leak-fix-includes-conditional.cpp needs from the standard library,
// through a project header: the main file's own standard includes are only
// the one inside its #ifdef block.
#pragma once
#include <chrono>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>
