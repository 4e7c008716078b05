/// Formats numbers exactly as JavaScript's `Number.prototype.toString()` does.
///
/// Query strings and cache keys must match the upstream TypeScript client byte for byte:
/// `1704067200` (never `1704067200.0`), `0.5`, `1e+21`, `1e-7`.
package enum JSNumber {
    /// The JavaScript string form of `value`.
    package static func string(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        if value == 0 { return "0" }
        if value < 0 { return "-" + string(-value) }
        if value < 9_007_199_254_740_992, value.rounded(.towardZero) == value {
            return String(Int64(value))
        }
        // Swift's description is the shortest round-trip representation; re-layout its digits.
        let (digits, exponent) = decompose(value.description)
        let k = digits.count
        let n = exponent  // value = 0.d1d2…dk × 10^n
        if k <= n && n <= 21 {
            return digits + String(repeating: "0", count: n - k)
        }
        if 0 < n && n <= 21 {
            let index = digits.index(digits.startIndex, offsetBy: n)
            return digits[..<index] + "." + digits[index...]
        }
        if -6 < n && n <= 0 {
            return "0." + String(repeating: "0", count: -n) + digits
        }
        let sign = n - 1 >= 0 ? "+" : "-"
        let mantissa = k == 1 ? digits : String(digits.first!) + "." + digits.dropFirst()
        return mantissa + "e" + sign + String(abs(n - 1))
    }

    /// Splits a Swift `Double.description` into significant digits and a decimal exponent `n`
    /// such that the value is `0.digits × 10^n`.
    private static func decompose(_ text: String) -> (digits: String, exponent: Int) {
        var mantissa = Substring(text)
        var exp = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exp = Int(text[text.index(after: e)...]) ?? 0
        }
        var intPart = mantissa
        var fracPart: Substring = ""
        if let dot = mantissa.firstIndex(of: ".") {
            intPart = mantissa[..<dot]
            fracPart = mantissa[mantissa.index(after: dot)...]
        }
        var digits = String(intPart) + fracPart
        var pointPosition = intPart.count + exp
        while digits.first == "0" && digits.count > 1 {
            digits.removeFirst()
            pointPosition -= 1
        }
        while digits.last == "0" && digits.count > 1 { digits.removeLast() }
        return (digits, pointPosition)
    }
}
