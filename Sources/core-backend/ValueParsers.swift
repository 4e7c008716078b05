import CommandLineOptions
import Foundation

extension ValueParser where Value == URL {
    /// An absolute URL with one of `schemes` (lower-case) and a host.
    static func url(schemes: [String]) -> ValueParser<URL> {
        ValueParser { (text: String) throws(Rejection) -> URL in
            guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), schemes.contains(scheme),
                url.host?.isEmpty == false
            else { throw Rejection("expected a \(schemes.map { $0 + "://" }.joined(separator: " or ")) URL") }
            return url
        }
    }
}

extension ValueParser where Value == String {
    /// The path of a file this process can read.
    static var readableFile: ValueParser<String> {
        ValueParser { (path: String) throws(Rejection) -> String in
            guard FileManager.default.isReadableFile(atPath: path) else { throw Rejection("cannot read the file") }
            return path
        }
    }
}
