//! Entry point: parse the command line and pick the door.

fn main() -> std::process::ExitCode {
    myositis_bot::cli::main()
}
