import CoreBackendRuntime
import Dispatch
import Testing

@Suite("Duration conversions for Dispatch and Foundation")
struct DurationUnitsTests {
    @Test(
        "nanoseconds: exact in range, zero below, Int.max above",
        arguments: [
            (Duration.milliseconds(300), 300_000_000), (.nanoseconds(1), 1), (.zero, 0), (.seconds(-5), 0),
            (.seconds(Int64.max), Int.max), (.seconds(9_223_372_036), 9_223_372_036_000_000_000),
            (.seconds(9_223_372_037), Int.max),
        ])
    func clampedNanoseconds(duration: Duration, expected: Int) {
        #expect(duration.clampedNanoseconds == expected)
        #expect(duration.dispatchInterval == .nanoseconds(expected))
    }

    @Test func timeIntervalKeepsFractions() {
        #expect(Duration.milliseconds(1500).timeInterval == 1.5)
        #expect(Duration.seconds(-2).timeInterval == -2)
    }
}
