namespace ItEval.Accounts;

/// <summary>
/// What a new password must be (OWASP ASVS 2.1): 12 to 128 characters, not only spaces, not the user
/// name or the old password, and not guessable — judged offline by zxcvbn (its dictionaries of common
/// and breached passwords, words, names, keyboard runs, sequences, repeats and dates, shipped in the
/// package) with the person's own names and words Vietnamese offices put in passwords added. No call
/// leaves the machine.
/// </summary>
public static class PasswordPolicy
{
    public const int MinLength = 12;
    public const int MaxLength = 128;

    /// <summary>zxcvbn's score (0–4) a password needs: 3 is "safely unguessable" (about 10^8 guesses or more).</summary>
    public const int MinScore = 3;

    /// <summary>Words a password of a Vietnamese office is made of, which zxcvbn's English dictionaries do not hold.</summary>
    private static readonly string[] LocalWords =
    [
        "matkhau", "mat-khau", "doimatkhau", "quantri", "quantrivien", "admin", "administrator", "cntt", "congnghe", "thongtin", "vietnam", "hanoi", "saigon",
        "hochiminh", "danang", "tinhuy", "ubnd", "uyban", "sokhcn", "khcn", "stttt", "iteval", "danhgia", "thamdinh", "xephang", "anhyeuem", "emyeuanh", "yeuem",
        "chucmung", "xinchao", "tinh", "huyen", "phuong", "xa", "dangbo", "dangcongsan", "bacho",
    ];

    /// <summary>Why <paramref name="password"/> cannot be the new password, or null.</summary>
    public static AccountProblem? Problem(string? password, string userName, string? displayName, string? oldPassword, int minLength = MinLength)
    {
        var min = Math.Max(MinLength, minLength);
        if (string.IsNullOrWhiteSpace(password))
        {
            return new AccountProblem("Mật khẩu không được để trống hay chỉ có dấu cách.", "A password must not be empty or only spaces.");
        }

        if (password.Length < min)
        {
            return new AccountProblem($"Mật khẩu cần ít nhất {min} ký tự (hiện có {password.Length}).", $"A password needs at least {min} characters (this has {password.Length}).");
        }

        if (password.Length > MaxLength)
        {
            return new AccountProblem($"Mật khẩu tối đa {MaxLength} ký tự.", $"A password has at most {MaxLength} characters.");
        }

        if (password.Contains(userName, StringComparison.OrdinalIgnoreCase))
        {
            return new AccountProblem("Mật khẩu không được chứa tên đăng nhập.", "A password must not contain the user name.");
        }

        if (oldPassword is not null && password == oldPassword)
        {
            return new AccountProblem("Mật khẩu mới phải khác mật khẩu cũ.", "The new password must differ from the old one.");
        }

        var (score, whyVi, whyEn) = Strength(password, userName, displayName);
        return score >= MinScore ? null
            : new AccountProblem($"Mật khẩu quá dễ đoán ({whyVi}). {HintVi}", $"The password is too easy to guess ({whyEn}). {HintEn}");
    }

    public const string HintVi = "Gợi ý: ghép ba, bốn từ ít liên quan với nhau thành một câu dễ nhớ (ví dụ \"ca phe sua da, mua thu, 7 con meo\"); tránh tên, ngày sinh, dãy phím, dãy số.";
    public const string HintEn = "Hint: join three or four unrelated words into a phrase you remember (e.g. \"iced coffee, autumn, 7 cats\"); avoid names, birthdays, keyboard runs and number sequences.";

    /// <summary>zxcvbn's score and, in words, what makes the password guessable.</summary>
    public static (int Score, string Vi, string En) Strength(string password, string userName, string? displayName)
    {
        var inputs = LocalWords.Concat([userName]).Concat((displayName ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        var result = Zxcvbn.Zxcvbn.MatchPassword(password, inputs);
        var patterns = result.MatchSequence.Where(m => m.Token.Length >= 3).Select(m => m.Pattern).ToHashSet(StringComparer.Ordinal);
        var (vi, en) = patterns switch
        {
            _ when patterns.Contains("dictionary") => ("có mật khẩu phổ biến, từ thông dụng hoặc tên", "it holds a common password, a common word or a name"),
            _ when patterns.Contains("spatial") => ("có dãy phím liền nhau", "it holds a run of neighbouring keys"),
            _ when patterns.Contains("sequence") => ("có dãy ký tự liên tiếp", "it holds a sequence of characters"),
            _ when patterns.Contains("repeat") => ("có ký tự lặp lại", "it holds repeated characters"),
            _ when patterns.Contains("date") || patterns.Contains("year") => ("có ngày tháng hoặc năm", "it holds a date or a year"),
            _ => ("quá ngắn so với độ đa dạng của ký tự", "it is short for the characters it uses"),
        };
        return (result.Score, vi, en);
    }
}
