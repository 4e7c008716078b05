#if canImport(SwiftUI)
    public import SwiftUI

    @available(macOS 14, iOS 17, tvOS 17, watchOS 10, *)
    extension View {
        /// Tells `monitor` when the scene becomes active or inactive (Apple platforms only).
        public func appLifecycle(_ monitor: AppLifecycleMonitor) -> some View {
            modifier(AppLifecycleModifier(monitor: monitor))
        }
    }

    @available(macOS 14, iOS 17, tvOS 17, watchOS 10, *)
    private struct AppLifecycleModifier: ViewModifier {
        let monitor: AppLifecycleMonitor
        @Environment(\.scenePhase) private var scenePhase

        func body(content: Content) -> some View {
            content.onChange(of: scenePhase, initial: true) { _, phase in
                monitor.sceneChanged(isActive: phase == .active)
            }
        }
    }
#endif
