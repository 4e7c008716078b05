import Testing

@testable import CoreBackendRuntime

@Suite("JavaScript number formatting")
struct JSNumberTests {
    @Test(
        "matches Number.prototype.toString",
        arguments: [
            (1704067200.0, "1704067200"), (0.5, "0.5"), (1e21, "1e+21"), (1e-7, "1e-7"),
            (1e20, "100000000000000000000"),
            (123.456, "123.456"), (-2.5, "-2.5"), (0.0, "0"), (0.000001, "0.000001"), (1.5e300, "1.5e+300"),
            (2.5e-10, "2.5e-10"), (9_007_199_254_740_993.0, "9007199254740992"), (1e16, "10000000000000000"),
            (12345678901234567890.0, "12345678901234567000"),
        ])
    func formats(value: Double, expected: String) {
        #expect(JSNumber.string(value) == expected)
    }
}
