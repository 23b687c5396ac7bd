public enum VMScopeTUIPlaceholder {}
