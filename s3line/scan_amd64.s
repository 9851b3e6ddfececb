//go:build amd64 && !purego

#include "textflag.h"

// func structMasks(p *byte, blocks int, sp, qt, spec *uint64)
TEXT ·structMasks(SB), NOSPLIT, $0-40
	MOVQ p+0(FP), SI
	MOVQ blocks+8(FP), CX
	MOVQ sp+16(FP), DI
	MOVQ qt+24(FP), DX
	MOVQ spec+32(FP), R8
	MOVQ $0x2020202020202020, AX
	MOVQ AX, X8
	PUNPCKLQDQ X8, X8
	MOVQ $0x2222222222222222, AX
	MOVQ AX, X9
	PUNPCKLQDQ X9, X9
	MOVQ $0x5b5b5b5b5b5b5b5b, AX
	MOVQ AX, X10
	PUNPCKLQDQ X10, X10
	TESTQ CX, CX
	JEQ done

loop:
	MOVOU 0(SI), X0
	MOVOU 16(SI), X1
	MOVOU 32(SI), X2
	MOVOU 48(SI), X3

	// Spaces.
	MOVOU X0, X4
	PCMPEQB X8, X4
	PMOVMSKB X4, AX
	MOVOU X1, X5
	PCMPEQB X8, X5
	PMOVMSKB X5, BX
	SHLQ $16, BX
	ORQ BX, AX
	MOVOU X2, X6
	PCMPEQB X8, X6
	PMOVMSKB X6, BX
	SHLQ $32, BX
	ORQ BX, AX
	MOVOU X3, X7
	PCMPEQB X8, X7
	PMOVMSKB X7, BX
	SHLQ $48, BX
	ORQ BX, AX
	MOVQ AX, 0(DI)

	// Brackets, before the quotes overwrite the data.
	MOVOU X0, X4
	PCMPEQB X10, X4
	PMOVMSKB X4, R9
	MOVOU X1, X5
	PCMPEQB X10, X5
	PMOVMSKB X5, BX
	SHLQ $16, BX
	ORQ BX, R9
	MOVOU X2, X6
	PCMPEQB X10, X6
	PMOVMSKB X6, BX
	SHLQ $32, BX
	ORQ BX, R9
	MOVOU X3, X7
	PCMPEQB X10, X7
	PMOVMSKB X7, BX
	SHLQ $48, BX
	ORQ BX, R9

	// Quotes.
	PCMPEQB X9, X0
	PMOVMSKB X0, AX
	PCMPEQB X9, X1
	PMOVMSKB X1, BX
	SHLQ $16, BX
	ORQ BX, AX
	PCMPEQB X9, X2
	PMOVMSKB X2, BX
	SHLQ $32, BX
	ORQ BX, AX
	PCMPEQB X9, X3
	PMOVMSKB X3, BX
	SHLQ $48, BX
	ORQ BX, AX
	MOVQ AX, 0(DX)
	ORQ AX, R9
	MOVQ R9, 0(R8)

	ADDQ $64, SI
	ADDQ $8, DI
	ADDQ $8, DX
	ADDQ $8, R8
	DECQ CX
	JNZ loop

done:
	RET

// func structMasksAVX2(p *byte, blocks int, sp, qt, spec *uint64)
//
// Every instruction on a vector register here is VEX-encoded (VMOVQ, not
// MOVQ): a legacy SSE instruction while the upper halves of the Y
// registers hold data makes the processor save or merge them. On the
// project's machine of 2026-12-04 (AMD EPYC, family 25, under a
// hypervisor) the two legacy MOVQs this function had cost about 215 ns a
// call, eight times its work on a 576-byte line (27 ns).
// TestAVX2IsAllVEX holds it to that.
TEXT ·structMasksAVX2(SB), NOSPLIT, $0-40
	MOVQ p+0(FP), SI
	MOVQ blocks+8(FP), CX
	MOVQ sp+16(FP), DI
	MOVQ qt+24(FP), DX
	MOVQ spec+32(FP), R8
	MOVQ $0x2020202020202020, AX
	VMOVQ AX, X8
	VPBROADCASTQ X8, Y8
	MOVQ $0x2222222222222222, AX
	VMOVQ AX, X9
	VPBROADCASTQ X9, Y9
	MOVQ $0x5b5b5b5b5b5b5b5b, AX
	VMOVQ AX, X10
	VPBROADCASTQ X10, Y10
	TESTQ CX, CX
	JEQ avxdone

avxloop:
	VMOVDQU 0(SI), Y0
	VMOVDQU 32(SI), Y1

	// Spaces.
	VPCMPEQB Y8, Y0, Y2
	VPCMPEQB Y8, Y1, Y3
	VPMOVMSKB Y2, AX
	VPMOVMSKB Y3, BX
	SHLQ $32, BX
	ORQ BX, AX
	MOVQ AX, 0(DI)

	// Quotes.
	VPCMPEQB Y9, Y0, Y2
	VPCMPEQB Y9, Y1, Y3
	VPMOVMSKB Y2, AX
	VPMOVMSKB Y3, BX
	SHLQ $32, BX
	ORQ BX, AX
	MOVQ AX, 0(DX)

	// Brackets, then quotes or brackets.
	VPCMPEQB Y10, Y0, Y2
	VPCMPEQB Y10, Y1, Y3
	VPMOVMSKB Y2, R9
	VPMOVMSKB Y3, BX
	SHLQ $32, BX
	ORQ BX, R9
	ORQ AX, R9
	MOVQ R9, 0(R8)

	ADDQ $64, SI
	ADDQ $8, DI
	ADDQ $8, DX
	ADDQ $8, R8
	DECQ CX
	JNZ avxloop

avxdone:
	VZEROUPPER
	RET
