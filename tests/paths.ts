/** The tests folder: suites in subfolders find programs/ and the repository from here. */
export const TESTS_DIR = __dirname;
