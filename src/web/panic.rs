//! Remembers the first panic's message so the page can show it (after a panic every later call on the
//! same object only says "recursive use of an object detected", which hides the real error).

use std::cell::RefCell;

thread_local! {
    static FIRST: RefCell<Option<String>> = const { RefCell::new(None) };
}

pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        FIRST.with(|f| {
            let mut first = f.borrow_mut();
            if first.is_none() {
                *first = Some(message);
            }
        });
        console_error_panic_hook::hook(info);
    }));
}

pub fn first_message() -> Option<String> {
    FIRST.with(|f| f.borrow().clone())
}
