using System.Net;
using ItEval.Accounts;
using ItEval.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ItEval.Tests.Console;

/// <summary>Issue 25 (ASVS 2.1): weak, huge, blank, name-like and reused passwords are refused in both languages; strong ones pass.</summary>
public sealed class PasswordPolicyTests
{
    public static TheoryData<string, string> Weak => new()
    {
        { "1234567890", "cần ít nhất 12 ký tự" },
        { "password12", "cần ít nhất 12 ký tự" },
        { "          ", "không được để trống hay chỉ có dấu cách" },
        { "            ", "không được để trống hay chỉ có dấu cách" },
        { new string('x', 100_000), "tối đa 128 ký tự" },
        { "password1234", "quá dễ đoán" },
        { "123456789012", "quá dễ đoán" },
        { "qwertyuiop[]", "quá dễ đoán" },
        { "aaaaaaaaaaaa", "quá dễ đoán" },
        { "matkhau12345", "quá dễ đoán" },
        { "Vietnam@2026", "quá dễ đoán" },
        { "xx-nguoidung-xx", "không được chứa tên đăng nhập" },
    };

    [Theory]
    [MemberData(nameof(Weak))]
    public async Task A_weak_password_is_refused_with_why(string password, string why)
    {
        await using var storage = await TestStorage.CreateAsync();
        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        await using var app = ItEvalApp.On(storage);
        var accounts = app.Services.GetRequiredService<AccountService>();
        var (once, _) = await accounts.CreateAsync("nguoidung", "Nguyễn Văn An", null, [Roles.Admin], "test", CancellationToken.None);

        var refused = await accounts.ChangePasswordAsync("nguoidung", once!, password, CancellationToken.None);

        Assert.NotNull(refused);
        Assert.Contains(why, refused.Vi, StringComparison.Ordinal);
        Assert.DoesNotContain("ký tự", refused.En, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_long_uncommon_phrase_passes_and_the_same_one_again_does_not()
    {
        await using var storage = await TestStorage.CreateAsync();
        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        await using var app = ItEvalApp.On(storage);
        var accounts = app.Services.GetRequiredService<AccountService>();
        var (once, _) = await accounts.CreateAsync("an", "Nguyễn Văn An", null, [Roles.Admin], "test", CancellationToken.None);

        Assert.Null(await accounts.ChangePasswordAsync("an", once!, "ca phe sua da, mua thu, 7 con meo", CancellationToken.None));
        var again = await accounts.ChangePasswordAsync("an", "ca phe sua da, mua thu, 7 con meo", "ca phe sua da, mua thu, 7 con meo", CancellationToken.None);
        Assert.Equal("Mật khẩu mới phải khác mật khẩu cũ.", again!.Vi);
    }

    [Fact]
    public async Task The_change_password_page_states_the_rules_and_answers_a_weak_one_in_the_readers_language()
    {
        await using var storage = await TestStorage.CreateAsync();
        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        await using var app = ItEvalApp.On(storage);
        var person = new ConsoleClient(app);
        var password = await ConsoleClient.AccountAsync(app, "cntt", Roles.Admin);
        await person.SignInAsync("cntt", password);

        var page = WebUtility.HtmlDecode(await person.GetStringAsync("/change-password"));
        var weak = await person.PostFormAsync("/change-password", "change-password",
            new() { ["Form.Current"] = password, ["Form.Next"] = "password1234", ["Form.Again"] = "password1234" });

        Assert.Contains("Từ 12 đến 128 ký tự", page, StringComparison.Ordinal);
        Assert.Contains("Gợi ý: ghép ba, bốn từ", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, weak.StatusCode);
        Assert.Contains("Mật khẩu quá dễ đoán (có mật khẩu phổ biến, từ thông dụng hoặc tên)", WebUtility.HtmlDecode(await weak.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }
}
