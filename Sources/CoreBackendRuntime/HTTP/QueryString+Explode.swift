extension QueryString {
    /// Appends every element of `values` under `name`, one parameter each (`tags=a&tags=b`: OpenAPI's
    /// default `style: form, explode: true`); `nil` or an empty array adds nothing.
    package mutating func appendEach(_ name: String, _ values: [some QueryParameterRepresentable]?) {
        for value in values ?? [] { append(name, value) }
    }
}
