#include "resources/lambda_concurrency.h"

#include <gtest/gtest.h>

namespace arm {
namespace {

std::vector<std::string> Names(const std::vector<ReservationRefusal>& refused) {
  std::vector<std::string> out;
  for (const auto& r : refused) out.push_back(r.name);
  return out;
}

TEST(FitReservationsTest, EverythingFitsWhenTheMinimumStaysUnreserved) {
  // 1000 - 300 - 600 = 100: exactly the minimum is allowed.
  auto refused = FitReservations(1000, 100, {{"a", 0, 300}, {"b", 0, 600}});
  EXPECT_TRUE(refused.empty());
}

TEST(FitReservationsTest, TakesTurnsInNameOrderAndRefusesWhatNoLongerFits) {
  // Given out of order: "a" (300) goes first and leaves 400; "b" (500) would
  // leave -100; "c" (200) still fits after "a".
  auto refused = FitReservations(700, 100, {{"c", 0, 200}, {"b", 0, 500}, {"a", 0, 300}});
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_EQ(refused[0].name, "b");
  EXPECT_EQ(refused[0].wanted, 500);
  EXPECT_EQ(refused[0].unreserved, 400);
  EXPECT_TRUE(refused[0].after_others);
}

TEST(FitReservationsTest, ReleasesGoFirstAndMakeRoomForTheOthers) {
  // "z" drops its drifted 300 to no reservation: counted before "a" even
  // though it sorts after it, so "a" gets 250 + 300 - 400 = 150 >= 100.
  auto refused = FitReservations(250, 100, {{"a", 0, 400}, {"z", 300, std::nullopt}});
  EXPECT_TRUE(refused.empty());
}

TEST(FitReservationsTest, ReleasesAndDecreasesAlwaysFit) {
  // Already below the minimum (another client reserved meanwhile): freeing
  // or lowering is never refused.
  auto refused = FitReservations(20, 100, {{"a", 50, std::nullopt}, {"b", 40, 10}, {"c", 0, 0}});
  EXPECT_TRUE(refused.empty());
}

TEST(FitReservationsTest, AFunctionsOwnReservationCountsTowardsItsRestore) {
  // Drifted to 200 while parked; restoring 350 needs 150 more: 250 - 150 = 100.
  EXPECT_TRUE(FitReservations(250, 100, {{"a", 200, 350}}).empty());
  EXPECT_EQ(Names(FitReservations(249, 100, {{"a", 200, 350}})), std::vector<std::string>{"a"});
}

TEST(FitReservationsTest, ARefusedRestoreTakesNothingFromTheNext) {
  auto refused = FitReservations(500, 100, {{"a", 0, 900}, {"b", 0, 400}, {"c", 0, 1}});
  ASSERT_EQ(Names(refused), (std::vector<std::string>{"a", "c"}));
  EXPECT_EQ(refused[0].unreserved, 500);
  EXPECT_FALSE(refused[0].after_others);
  EXPECT_EQ(refused[1].unreserved, 100);
  EXPECT_TRUE(refused[1].after_others);
}

TEST(FitReservationsTest, SameInputSameDecision) {
  std::vector<ReservationChange> one = {{"b", 0, 300}, {"a", 0, 300}, {"c", 0, 300}};
  std::vector<ReservationChange> other = {{"c", 0, 300}, {"a", 0, 300}, {"b", 0, 300}};
  EXPECT_EQ(Names(FitReservations(800, 100, one)), std::vector<std::string>{"c"});
  EXPECT_EQ(Names(FitReservations(800, 100, other)), std::vector<std::string>{"c"});
}

TEST(FitReservationsTest, RefusalMessageSaysWhatTheAccountHasAndWhatToDo) {
  EXPECT_EQ(RefusalMessage({"f", 500, 350, false}, 100),
            "cannot restore reserved concurrency 500: the account has 350 unreserved, 100 must "
            "stay unreserved; "
            "lower other reservations or raise the account limit, then run start again");
  EXPECT_NE(RefusalMessage({"f", 500, 350, true}, 100)
                .find("350 unreserved (after the restores before it in this run)"),
            std::string::npos);
}

}  // namespace
}  // namespace arm
