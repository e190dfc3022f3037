#pragma once
// Which Lambda reserved-concurrency restores the account can still grant.
// Pure: the account's unreserved concurrency and the wanted changes in, the
// refused ones out. lambda_function.cc fetches the numbers (one
// GetAccountSettings per start) and turns refusals into plan errors.
#include <optional>
#include <string>
#include <vector>

namespace arm {

// AWS keeps at least this much of an account's concurrency unreserved. The
// API does not return it (GetAccountSettings has only ConcurrentExecutions
// and UnreservedConcurrentExecutions): the Lambda Developer Guide,
// "Configuring reserved concurrency", says a function can reserve up to the
// account's unreserved concurrency minus 100, and PutFunctionConcurrency
// refuses more with InvalidParameterValueException "... decreases account's
// UnreservedConcurrentExecution below its minimum value of [100]".
inline constexpr int kLambdaUnreservedMinimum = 100;

// One function's reservation as it is and as the restore wants it.
struct ReservationChange {
  std::string name;
  int current = 0;            // reserved now (0 while parked; none counts 0)
  std::optional<int> wanted;  // nullopt: no reservation (DeleteFunctionConcurrency)
};

// A restore the account cannot grant.
struct ReservationRefusal {
  std::string name;
  int wanted = 0;
  int unreserved = 0;         // the account's unreserved concurrency at its turn
  bool after_others = false;  // other restores of this run were counted before it
};

// Decides, in a fixed order, which changes fit: first those that free or keep
// concurrency (no reservation, or less than now: they always fit), then the
// others by name, each fitting when the unreserved concurrency left after it
// stays >= minimum; a change that fits is counted against the next. Returns
// the ones that do not fit, in that order.
std::vector<ReservationRefusal> FitReservations(int unreserved, int minimum,
                                                std::vector<ReservationChange> changes);

// "cannot restore reserved concurrency 500: the account has 350 unreserved,
// 100 must stay unreserved; lower other reservations or raise the account
// limit, then run start again".
std::string RefusalMessage(const ReservationRefusal& refusal, int minimum);

}  // namespace arm
