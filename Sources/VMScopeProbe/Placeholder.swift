public enum VMScopeProbePlaceholder {}
