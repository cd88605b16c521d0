// Parameters for one agency's deployment; copy this file, change the values, and pass it to
// `az deployment group create --parameters infra/<your file>.bicepparam` (README → Deploy to Azure).
using 'main.bicep'

param appName = 'iteval'
param location = 'southeastasia'
param planSku = 'B1'
param storagePrefix = 'iteval'
param defaultTimeZone = 'Asia/Ho_Chi_Minh'
param sendGridFromEmail = 'khongtraloi@stttt.example.gov.vn'
param sendGridFromName = 'Sở Thông tin và Truyền thông — Đánh giá ứng dụng CNTT'
param firstAdminUserName = 'admin'
// After the DNS records exist (see the README), e.g. 'danhgia.stttt.example.gov.vn'.
param customDomain = ''
param publicBaseUrl = ''
// Your own object id (az ad signed-in-user show --query id -o tsv), to store the secrets.
param operatorPrincipalId = ''
param previousLinkKeyValidUntil = ''
