/* Authenticode signatures of a file, every one: the primary and each nested
 * signature (unauthenticated attribute 1.3.6.1.4.1.311.2.4.1), with the
 * chain this machine builds for each. Nothing here touches the network:
 * WinVerifyTrust runs with WTD_REVOKE_NONE and WTD_CACHE_ONLY_URL_RETRIEVAL,
 * chains with CERT_CHAIN_CACHE_ONLY_URL_RETRIEVAL and without automatic root
 * update. WinVerifyTrust's answer is kept only to spot a broken digest:
 * the classification is by thumbprints (ppl_services.c), because a partial
 * chain to an unknown root still "verifies" on some systems (Wine). */
#include <string.h>
#include <wchar.h>

#include "collect/ppl_win.h"

#include <wincrypt.h>
#include <softpub.h>
#include <wintrust.h>

#ifndef WTD_CACHE_ONLY_URL_RETRIEVAL
#define WTD_CACHE_ONLY_URL_RETRIEVAL 0x00001000
#endif
#ifndef WTD_REVOCATION_CHECK_NONE
#define WTD_REVOCATION_CHECK_NONE 0x00000010
#endif
#ifndef CERT_CHAIN_DISABLE_AUTH_ROOT_AUTO_UPDATE
#define CERT_CHAIN_DISABLE_AUTH_ROOT_AUTO_UPDATE 0x00000100
#endif

#define NESTED_SIGNATURE_OID "1.3.6.1.4.1.311.2.4.1"
#define ENCODING (X509_ASN_ENCODING | PKCS_7_ASN_ENCODING)

static LONG verify_trust(const wchar_t *path)
{
    GUID action = WINTRUST_ACTION_GENERIC_VERIFY_V2;
    WINTRUST_FILE_INFO file;
    WINTRUST_DATA data;
    LONG rc;

    memset(&file, 0, sizeof file);
    file.cbStruct = sizeof file;
    file.pcwszFilePath = path;
    memset(&data, 0, sizeof data);
    data.cbStruct = sizeof data;
    data.dwUIChoice = WTD_UI_NONE;
    data.fdwRevocationChecks = WTD_REVOKE_NONE;
    data.dwUnionChoice = WTD_CHOICE_FILE;
    data.pFile = &file;
    data.dwStateAction = WTD_STATEACTION_VERIFY;
    data.dwProvFlags = WTD_REVOCATION_CHECK_NONE | WTD_CACHE_ONLY_URL_RETRIEVAL;
    rc = WinVerifyTrust((HWND)INVALID_HANDLE_VALUE, &action, &data);
    data.dwStateAction = WTD_STATEACTION_CLOSE;
    WinVerifyTrust((HWND)INVALID_HANDLE_VALUE, &action, &data);
    return rc;
}

static void name_of(PCCERT_CONTEXT cert, DWORD flags, char *out, size_t size)
{
    wchar_t wide[128];
    out[0] = '\0';
    if (CertGetNameStringW(cert, CERT_NAME_SIMPLE_DISPLAY_TYPE, flags, NULL, wide, 128) > 1)
        WideCharToMultiByte(CP_UTF8, 0, wide, -1, out, (int)size, NULL, NULL);
}

static void describe_chain(PCCERT_CONTEXT cert, HCERTSTORE extra, acs_signature_info *sig)
{
    CERT_CHAIN_PARA para;
    PCCERT_CHAIN_CONTEXT chain = NULL;
    const CERT_SIMPLE_CHAIN *simple;

    memset(&para, 0, sizeof para);
    para.cbSize = sizeof para;
    if (!CertGetCertificateChain(NULL, cert, NULL, extra, &para,
                                 CERT_CHAIN_CACHE_ONLY_URL_RETRIEVAL | CERT_CHAIN_DISABLE_AUTH_ROOT_AUTO_UPDATE, NULL,
                                 &chain))
        return;
    if (chain->cChain > 0 && chain->rgpChain[0]->cElement > 0) {
        simple = chain->rgpChain[0];
        for (DWORD i = 0; i < simple->cElement && sig->chain_count < ACS_MAX_CHAIN; i++) {
            DWORD size = 20;
            if (CertGetCertificateContextProperty(simple->rgpElement[i]->pCertContext, CERT_SHA1_HASH_PROP_ID,
                                                  sig->chain_sha1[sig->chain_count], &size) &&
                size == 20)
                sig->chain_count++;
        }
        {
            const CERT_CHAIN_ELEMENT *top = simple->rgpElement[simple->cElement - 1];
            sig->top_self_signed = (top->TrustStatus.dwInfoStatus & CERT_TRUST_IS_SELF_SIGNED) != 0;
            name_of(top->pCertContext, CERT_NAME_ISSUER_FLAG, sig->top_issuer, sizeof sig->top_issuer);
        }
    }
    CertFreeCertificateChain(chain);
}

/* One signature: its signer certificate (found in the message's own store)
 * and the chain built from there. */
static void add_signature(HCRYPTMSG msg, HCERTSTORE store, acs_signature_list *out)
{
    CERT_INFO *signer_info = NULL;
    DWORD size = 0;
    PCCERT_CONTEXT cert = NULL;
    acs_signature_info *sig;

    if (out->count >= ACS_MAX_SIGNATURES)
        return;
    if (!CryptMsgGetParam(msg, CMSG_SIGNER_CERT_INFO_PARAM, 0, NULL, &size) || size == 0)
        return;
    signer_info = HeapAlloc(GetProcessHeap(), 0, size);
    if (!signer_info)
        return;
    if (!CryptMsgGetParam(msg, CMSG_SIGNER_CERT_INFO_PARAM, 0, signer_info, &size))
        goto done;
    cert = CertGetSubjectCertificateFromStore(store, ENCODING, signer_info);
    if (!cert)
        goto done;
    sig = &out->signatures[out->count++];
    memset(sig, 0, sizeof *sig);
    name_of(cert, 0, sig->signer, sizeof sig->signer);
    describe_chain(cert, store, sig);
done:
    if (cert)
        CertFreeCertificateContext(cert);
    HeapFree(GetProcessHeap(), 0, signer_info);
}

static void add_nested(HCRYPTMSG msg, acs_signature_list *out)
{
    CRYPT_ATTRIBUTES *attrs = NULL;
    DWORD size = 0;

    if (!CryptMsgGetParam(msg, CMSG_SIGNER_UNAUTH_ATTR_PARAM, 0, NULL, &size) || size == 0)
        return;
    attrs = HeapAlloc(GetProcessHeap(), 0, size);
    if (!attrs)
        return;
    if (!CryptMsgGetParam(msg, CMSG_SIGNER_UNAUTH_ATTR_PARAM, 0, attrs, &size))
        goto done;
    for (DWORD a = 0; a < attrs->cAttr; a++) {
        if (strcmp(attrs->rgAttr[a].pszObjId, NESTED_SIGNATURE_OID) != 0)
            continue;
        for (DWORD v = 0; v < attrs->rgAttr[a].cValue; v++) {
            const CRYPT_DATA_BLOB *blob = &attrs->rgAttr[a].rgValue[v];
            HCRYPTMSG nested = CryptMsgOpenToDecode(ENCODING, 0, 0, 0, NULL, NULL);
            HCERTSTORE nested_store = NULL;
            if (!nested)
                continue;
            if (CryptMsgUpdate(nested, blob->pbData, blob->cbData, TRUE))
                nested_store = CertOpenStore(CERT_STORE_PROV_MSG, ENCODING, 0, 0, nested);
            if (nested_store) {
                add_signature(nested, nested_store, out);
                CertCloseStore(nested_store, 0);
            }
            CryptMsgClose(nested);
        }
    }
done:
    HeapFree(GetProcessHeap(), 0, attrs);
}

LONG acs_win_file_signatures(void *ctx, const wchar_t *path, acs_signature_list *out)
{
    HCERTSTORE store = NULL;
    HCRYPTMSG msg = NULL;
    DWORD encoding = 0, content = 0, format = 0;
    acs_redirection r;

    memset(out, 0, sizeof *out);
    acs_win_redirection_disable(&r);

    out->trust = verify_trust(path);
    if (CryptQueryObject(CERT_QUERY_OBJECT_FILE, path, CERT_QUERY_CONTENT_FLAG_PKCS7_SIGNED_EMBED,
                         CERT_QUERY_FORMAT_FLAG_BINARY, 0, &encoding, &content, &format, &store, &msg, NULL)) {
        add_signature(msg, store, out);
        add_nested(msg, out);
    }
    if (msg)
        CryptMsgClose(msg);
    if (store)
        CertCloseStore(store, 0);
    acs_win_redirection_restore(&r);
    return ERROR_SUCCESS;
}
