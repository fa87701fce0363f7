import CEventScopeNcursesw
import EventScopeTerminalUI

/// Decodes curses mouse reports (`getmouse`) into ``MouseEvent``s.
enum CursesMouse {
    /// The mask of events requested from curses.
    static var mask: mmask_t { es_all_mouse_events() | es_report_mouse_position() }

    /// Decodes one report; `nil` when nothing we deliver is set in `state`.
    static func decode(state: mmask_t, x: Int32, y: Int32) -> MouseEvent? {
        let position = Position(x: Int(x), y: Int(y))
        let shift = state & es_button_shift() != 0
        let ctrl = state & es_button_ctrl() != 0
        let alt = state & es_button_alt() != 0
        func event(_ kind: MouseEvent.Kind) -> MouseEvent {
            MouseEvent(kind: kind, position: position, shift: shift, ctrl: ctrl, alt: alt)
        }
        if state & es_button_pressed(4) != 0 { return event(.wheelUp) }
        if state & es_button_pressed(5) != 0 { return event(.wheelDown) }
        for (number, button) in [(1, MouseEvent.MouseButton.left), (2, .middle), (3, .right)] {
            let b = Int32(number)
            if state & es_button_double_clicked(b) != 0 { return event(.doubleClick(button)) }
            if state & es_button_clicked(b) != 0 { return event(.click(button)) }
            if state & es_button_pressed(b) != 0 { return event(.press(button)) }
            if state & es_button_released(b) != 0 { return event(.release(button)) }
        }
        if state & es_report_mouse_position() != 0 { return event(.moved) }
        return nil
    }
}
