import Testing

@testable import CoreBackend

@Suite("BackendWebSocketService reconnect backoff (decorrelated jitter)")
struct ReconnectBackoffTests {
    private func delays(initial: Int, max: Int, random: Double, count: Int) -> [Double] {
        var backoff = ReconnectBackoff(initialDelay: .milliseconds(initial), maxDelay: .milliseconds(max))
        return (0..<count).map { _ in backoff.nextDelay(random: random).milliseconds }
    }

    @Test("r = 0 with defaults I=10 000, M=60 000: 0, 13 772, 14 601, 28 659, 57 178, 60 000")
    func defaultsTable() {
        // The reference rounds v to 5 decimals first, hence 28 659 for the exact 28 658.5.
        let values = delays(initial: 10_000, max: 60_000, random: 0, count: 7)
        let expected: [Double] = [0, 13_772, 14_601, 28_659, 57_178, 60_000, 60_000]
        #expect(zip(values, expected).allSatisfy { abs($0 - $1) <= 1 })
    }

    @Test("r = 0 with I=1 000, M=30 000: 0, 1 377, 1 460, 2 866, 5 718, 11 430, 22 858, 30 000")
    func hostTable() {
        let values = delays(initial: 1_000, max: 30_000, random: 0, count: 8).map { $0.rounded() }
        #expect(values == [0, 1_377, 1_460, 2_866, 5_718, 11_430, 22_858, 30_000])
    }

    @Test("upstream test options I=50, M=100, r = 0: 0, 68.9, 73.0, then 100")
    func testOptionsTable() {
        let values = delays(initial: 50, max: 100, random: 0, count: 4).map { ($0 * 10).rounded() / 10 }
        #expect(values == [0, 68.9, 73.0, 100])
    }

    @Test("with defaults, the first delay lies in 0 – 13 772 ms and every delay is capped at M")
    func ranges() {
        for random in stride(from: 0.0, to: 1.0, by: 0.05) {
            let first = delays(initial: 10_000, max: 60_000, random: random, count: 1)[0]
            #expect(first >= 0 && first <= 13_772.5)
            #expect(delays(initial: 10_000, max: 60_000, random: random, count: 12).allSatisfy { $0 <= 60_000 })
        }
    }

    @Test("reset starts the sequence over; thousands of steps stay finite and capped")
    func resetAndOverflow() {
        var backoff = ReconnectBackoff(initialDelay: .milliseconds(50), maxDelay: .milliseconds(100))
        _ = backoff.nextDelay(random: 0)
        _ = backoff.nextDelay(random: 0)
        backoff.reset()
        #expect(backoff.nextDelay(random: 0) == .zero)
        for _ in 0..<3_000 { #expect(backoff.nextDelay(random: 0.5).milliseconds <= 100) }
    }
}
