#include "resources/lambda_concurrency.h"

#include <algorithm>
#include <tuple>

namespace arm {
namespace {

// Frees or keeps the account's unreserved concurrency.
bool Releases(const ReservationChange& c) { return !c.wanted || *c.wanted <= c.current; }

}  // namespace

std::vector<ReservationRefusal> FitReservations(int unreserved, int minimum,
                                                std::vector<ReservationChange> changes) {
  std::sort(changes.begin(), changes.end(),
            [](const ReservationChange& a, const ReservationChange& b) {
              return std::make_tuple(!Releases(a), a.name) < std::make_tuple(!Releases(b), b.name);
            });
  std::vector<ReservationRefusal> refused;
  long long left = unreserved;  // wide: an edited state file may hold large numbers
  bool counted_others = false;
  for (const auto& c : changes) {
    const long long after = left + c.current - c.wanted.value_or(0);
    if (Releases(c) || after >= minimum) {
      counted_others = counted_others || after != left;
      left = after;
      continue;
    }
    refused.push_back({c.name, *c.wanted, static_cast<int>(left), counted_others});
  }
  return refused;
}

std::string RefusalMessage(const ReservationRefusal& r, int minimum) {
  return "cannot restore reserved concurrency " + std::to_string(r.wanted) + ": the account has " +
         std::to_string(r.unreserved) + " unreserved" +
         (r.after_others ? " (after the restores before it in this run)" : "") + ", " +
         std::to_string(minimum) +
         " must stay unreserved; lower other reservations or raise the account limit, then run "
         "start again";
}

}  // namespace arm
